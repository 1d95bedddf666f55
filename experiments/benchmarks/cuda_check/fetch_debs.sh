#!/usr/bin/env bash
# Downloads (here, on Debian 12) the .deb files that the GPU machine lacks:
# prefctl's dependencies other than LibTorch, which comes from the machine's
# own PyTorch wheel (DESIGN.md section 5). Usage: fetch_debs.sh DIR
set -euo pipefail
mkdir -p "$1"
cd "$1"
apt-get download libyaml-cpp-dev libyaml-cpp0.7 libspdlog-dev libspdlog1.10 \
  libfmt-dev libfmt9 nlohmann-json3-dev libcli11-dev libeigen3-dev \
  libmujoco-dev libmujoco2.2.2 libccd2 liblodepng0 libqhull-r8.0 \
  libtinyxml2-9 libdnnl-dev libdnnl2 ocl-icd-libopencl1 googletest libgtest-dev
