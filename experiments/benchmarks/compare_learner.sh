#!/usr/bin/env bash
# Times `prefctl bench-learner` against learner_update.py (the same update in
# PyTorch on the same libtorch, Debian's python3-torch), alternating, and
# prints each pair and the median ratio C++ / Python.
# Usage: experiments/benchmarks/compare_learner.sh [ROUNDS] [bench args...]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
shift || true
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(--obs 17 --act 6 --batch 256 --samples 20 --hidden 256 --layers 2 --heads 2 --updates 20)
ratios=()
for ((i = 0; i < rounds; ++i)); do
  cpp=$(build/experiments/prefctl bench-learner "${args[@]}" | sed 's/.*"updates_per_s":\([0-9.e+-]*\).*/\1/')
  # The PyTorch side gets what SetUpCompute gives the C++ side: one OpenBLAS
  # thread and glibc keeping freed blocks (32 MiB mmap, 1 GiB trim threshold).
  py=$(OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_THRESHOLD_=33554432 \
       MALLOC_TRIM_THRESHOLD_=1073741824 \
       /usr/bin/python3 experiments/benchmarks/learner_update.py "${args[@]}" | sed 's/.*"updates_per_s": \([0-9.e+-]*\).*/\1/')
  ratio=$(/usr/bin/python3 -c "print(round($cpp / $py, 3))")
  echo "round $i: C++ $cpp updates/s, PyTorch $py updates/s, ratio $ratio"
  ratios+=("$ratio")
done
/usr/bin/python3 -c "import statistics, sys; print('median ratio C++/PyTorch:', statistics.median(map(float, sys.argv[1:])))" "${ratios[@]}"
