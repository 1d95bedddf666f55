# LibTorch from a bare directory tree (include/, lib/), e.g. a PyTorch wheel's
# torch/ folder, without the wheel's CUDA toolkit lookups. Set TORCH_TREE and
# TORCH_CXX11_ABI (0 or 1, torch._C._GLIBCXX_USE_CXX11_ABI).
add_library(prefctl_torch_tree INTERFACE IMPORTED)
set(_torch_libs "${TORCH_TREE}/lib/libtorch.so" "${TORCH_TREE}/lib/libtorch_cpu.so"
    "${TORCH_TREE}/lib/libc10.so")
if(EXISTS "${TORCH_TREE}/lib/libtorch_cuda.so")
  # Nothing references libtorch_cuda directly; it must still be loaded for
  # the CUDA backend to register itself.
  list(APPEND _torch_libs "-Wl,--no-as-needed" "${TORCH_TREE}/lib/libtorch_cuda.so"
       "${TORCH_TREE}/lib/libc10_cuda.so" "-Wl,--as-needed"
       "-Wl,--allow-shlib-undefined" "-Wl,-rpath,${TORCH_TREE}/lib")
endif()
# The wheel's libtorch.so carries copies of libstdc++ functions (std::
# filesystem among them) from its build toolchain. An executable that lists
# it before libstdc++ binds those there, and on the GPU machine
# std::filesystem::remove_all ran from libtorch.so and jumped to address 0;
# torch::jit::load aborted too (free(): invalid pointer), probably the same
# mix. Naming libstdc++ first binds them in the system library.
# (Not yet confirmed there: docs/benchmarks.md, session 28.)
set_target_properties(prefctl_torch_tree PROPERTIES
  INTERFACE_LINK_OPTIONS "-Wl,--no-as-needed,-lstdc++,--as-needed"
  INTERFACE_INCLUDE_DIRECTORIES
    "${TORCH_TREE}/include;${TORCH_TREE}/include/torch/csrc/api/include"
  INTERFACE_COMPILE_DEFINITIONS "_GLIBCXX_USE_CXX11_ABI=${TORCH_CXX11_ABI}"
  INTERFACE_LINK_LIBRARIES "${_torch_libs}")
set(TORCH_LIBRARIES prefctl_torch_tree)
set(Torch_FOUND TRUE)
