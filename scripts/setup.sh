#!/usr/bin/env bash
# Installs prefctl's Debian packages (only those missing) and builds it.
# Usage: scripts/setup.sh [build-dir]   (default: build)
# Environment: PREFCTL_WERROR=ON turns warnings into errors (CI sets it).
set -euo pipefail
cd "$(dirname "$0")/.."

# DESIGN.md section 3. libqhull-dev: mujoco's CMake config names its headers.
# libopenblas0-pthread: without it libtorch falls back to the reference BLAS
# (measured 4x slower). libdnnl-dev: oneDNN's sgemm for the critic's large
# products (LibTorch already depends on its library). libpng-dev: the
# viewer's screenshots. xvfb, xauth, libgl1-mesa-dri: the viewer's tests.
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev libopenblas0-pthread libdnnl-dev
  libmujoco-dev libmujoco-samples libqhull-dev
  libeigen3-dev libyaml-cpp-dev libgtest-dev libbenchmark-dev
  libimgui-dev libglfw3-dev libpng-dev libcli11-dev nlohmann-json3-dev
  libspdlog-dev
  xvfb xauth libgl1-mesa-dri
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
fi

build_dir=${1:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DPREFCTL_WERROR="${PREFCTL_WERROR:-OFF}" >/dev/null
# Each torch translation unit needs ~1.5 GiB; two jobs fit the 2-core machines.
cmake --build "$build_dir" -j "${PREFCTL_JOBS:-$(nproc)}"
