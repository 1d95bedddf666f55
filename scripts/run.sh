#!/usr/bin/env bash
# Installs what is missing, builds, and trains the default experiment
# (experiments/cartpole_swingup_pmpo.yaml) into a fresh run directory under
# runs/, printed at the start and the end. Extra arguments go to
# `prefctl train` (e.g. seed=1 train.env_steps=20000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
exec build/experiments/prefctl train experiments/cartpole_swingup_pmpo.yaml "$@"
