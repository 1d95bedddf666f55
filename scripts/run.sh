#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job. Until training
# lands, the main job rolls out every task of the suite with random actions
# and prints per-task returns and control steps per second.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
build/experiments/prefctl tasks --random-returns 5 | tee build/random_returns.txt
echo "results: build/random_returns.txt"
