#!/usr/bin/env bash
# The `device: cuda` check (DESIGN.md section 5), run on a GPU machine that
# has PyTorch with CUDA and nothing else of prefctl's: builds prefctl and the
# algorithms and experiments tests against the wheel's LibTorch, runs them
# (checkpoint, resume and CUDA tests among them), times bench-learner against
# learner_update.py on CPU and GPU, and trains the default experiment on cuda
# beside cpu; a short cuda run is killed, resumed and evaluated first.
# Usage: run.sh DEBS_DIR OUT_DIR DEADLINE_S   (DEBS_DIR from fetch_debs.sh)
set -u
debs=$1 out=$2 deadline=$3
here=$(cd "$(dirname "$0")" && pwd)
echo "== machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
echo "cores $(nproc)"; g++ --version | head -1; cmake --version | head -1
torch_root=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')
abi=$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())'

deps=/tmp/prefctl_deps
mkdir -p $deps
for f in "$debs"/*.deb; do dpkg -x "$f" $deps; done
# Debian's MuJoCo config asks for OpenGL, which only the viewer (not built
# here) needs, and its targets name qhull's header folder under /usr, which
# nothing here includes.
sed -i '/find_dependency(OpenGL)/d' $deps/usr/lib/x86_64-linux-gnu/cmake/mujoco/mujocoConfig.cmake
sed -i 's|;/usr/include/libqhull_r/||' $deps/usr/lib/x86_64-linux-gnu/cmake/mujoco/mujocoTargets.cmake
export LD_LIBRARY_PATH=$deps/usr/lib/x86_64-linux-gnu:$torch_root/lib

echo "== build"
build=/tmp/prefctl_build
cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH=$deps/usr -DTorch_DIR="$here" -DTORCH_TREE="$torch_root" \
  -DTORCH_CXX11_ABI=$abi -DPREFCTL_BUILD_VIEWER=OFF > "$out/build.log" 2>&1 &&
  ninja -C $build -k 0 -j"$(nproc)" experiments/prefctl \
    tests/algorithms/algorithms_test tests/experiments/experiments_test \
    >> "$out/build.log" 2>&1
status=$?
echo "build exit $status at ${SECONDS} s"
if [[ $status -ne 0 ]]; then
  grep -E -A4 'error|FAILED|Error' "$out/build.log" | head -120
fi
prefctl=$build/experiments/prefctl
[[ -x $prefctl ]] || exit 1

echo "== libstdc++: the shared one only, no static copy in the binary"
readelf -d $prefctl | grep -m3 NEEDED
echo "locale functions defined in prefctl: $(nm -C --defined-only $prefctl | grep -c 'locale::_Impl')"
LD_DEBUG=bindings LD_BIND_NOW=1 $prefctl --help 2>&1 >/dev/null |
  grep -m4 '`_ZdlPv' | sed 's/^ *[0-9]*: *//'

# These load and resume checkpoints, which aborted on this build until the
# shared libstdc++ was linked first (TorchConfig.cmake). The reward-model
# collapse test (eight 900-step games, about a minute) checks no device path.
echo "== learner, checkpoint and resume tests (CUDA one included)"
for dir in algorithms experiments; do
  (cd $build/tests/$dir && timeout 60 ctest -j"$(nproc)" --timeout 45 \
     -E CollapsesOntoOneRegionOfACycle 2>&1 |
     grep -E 'tests passed|\*\*\*|Failed|Exception|Test +#.*Cuda')
done | tee /tmp/tests.log
if grep -q -E '\*\*\*(Failed|Exception|Timeout)' /tmp/tests.log; then
  first=$(grep -E '\*\*\*(Failed|Exception|Timeout)' /tmp/tests.log |
    grep -m1 -oE '[A-Za-z]+Test\.[A-Za-z]+')
  echo "== backtrace of $first"
  debugger=$(command -v gdb || echo /usr/local/cuda/bin/cuda-gdb)
  for dir in algorithms experiments; do
    (cd $build/tests/$dir && [[ -n $(./${dir}_test --gtest_list_tests \
         --gtest_filter="$first" | tail -n +2) ]] &&
       timeout 45 "$debugger" -q -batch -ex run -ex bt --args ./${dir}_test \
         --gtest_filter="$first" 2>&1 | grep -E '^#' | head -14)
  done
fi
echo "at ${SECONDS} s"

experiment=experiments/cartpole_swingup_pmpo.yaml
echo "== cuda run killed, resumed and evaluated"
short="train.env_steps=20000 train.checkpoint_every=1000 train.eval_every=1000"
rm -rf /tmp/run_resume
timeout -s TERM 15 $prefctl train $experiment device=cuda $short \
  --run-dir /tmp/run_resume > /tmp/resume.log 2>&1
echo "killed (exit $?); checkpoints: $(ls /tmp/run_resume/checkpoints | tr '\n' ' ')"
timeout 120 $prefctl train $experiment device=cuda $short --run-dir /tmp/run_resume \
  --resume >> /tmp/resume.log 2>&1
echo "resumed, exit $?"
tail -c 400 /tmp/resume.log | tr '\r' '\n' | tail -3
timeout 60 $prefctl eval /tmp/run_resume --episodes 3 2>&1 | tail -2
echo "at ${SECONDS} s"
if ((deadline - SECONDS < 150)); then
  echo "under 150 s to the deadline: benches and training skipped"
  exit 0
fi

echo "== bench-learner: C++ against PyTorch, same libtorch"
small="--obs 17 --act 6 --batch 256 --samples 20 --hidden 256 --layers 2 --heads 2"
large="--obs 17 --act 6 --batch 1024 --samples 64 --hidden 512 --layers 3 --heads 2"
bench() {  # bench LABEL ARGS...: one C++ and one PyTorch line
  echo "$1 C++     $($prefctl bench-learner "${@:2}" | grep -o '"updates_per_s":[0-9.e+-]*')"
  echo "$1 PyTorch $(python3 experiments/benchmarks/learner_update.py "${@:2}" | grep -o '"updates_per_s": [0-9.e+-]*')"
}
bench "cuda small" $small --device cuda --updates 300 --warmup 30
bench "cuda large" $large --device cuda --updates 300 --warmup 30
bench "cpu small (1 thread)" $small --updates 20
echo "at ${SECONDS} s"

echo "== train: default experiment, cuda beside cpu"
steps="train.env_steps=30000 train.checkpoint_every=5000"
rm -rf /tmp/run_cuda /tmp/run_cpu
seconds_left() { local s=$((deadline - SECONDS - $1)); echo $((s > 20 ? s : 20)); }
timeout -s TERM "$(seconds_left 40)" $prefctl train $experiment device=cpu $steps \
  --run-dir /tmp/run_cpu > /tmp/train_cpu.log 2>&1 &
cpu_pid=$!
(sleep 30; nvidia-smi --query-gpu=utilization.gpu,memory.used \
   --format=csv,noheader; nvidia-smi --query-compute-apps=pid,used_memory \
   --format=csv,noheader) &
timeout -s TERM "$(seconds_left 25)" $prefctl train $experiment device=cuda $steps \
  --run-dir /tmp/run_cuda > /tmp/train_cuda.log 2>&1
echo "cuda run exit $? at ${SECONDS} s"
wait $cpu_pid
echo "cpu run exit $? at ${SECONDS} s"
tail -c 600 /tmp/train_cuda.log | tr '\r' '\n' | tail -4
$prefctl eval /tmp/run_cuda --episodes 3 2>&1 | tail -3
for run in cuda cpu; do
  cp /tmp/run_$run/metrics.csv "$out/metrics_$run.csv"
  cp /tmp/run_$run/summary.json "$out/summary_$run.json" 2>/dev/null
  python3 -c "
import csv, sys
rows = list(csv.DictReader(open('/tmp/run_$run/metrics.csv')))
for r in rows:
    print('$run', r['env_steps'], r['updates'], r['wall_s'], r['eval_return'])
"
done
echo "done at ${SECONDS} s"
