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
# The shared libstdc++ is named by its full path, first: linked otherwise on
# the GPU machine, the binaries defined parts of libstdc++ themselves
# (operator delete, std::locale: LD_DEBUG bindings, a gdb backtrace) beside
# the shared copy that LibTorch loads, and checkpoint loads aborted in free()
# destroying a locale. Linked this way they define none and every checkpoint
# test passes there (docs/benchmarks.md, session 29).
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libstdc++.so.6
                OUTPUT_VARIABLE _shared_libstdcxx OUTPUT_STRIP_TRAILING_WHITESPACE)
list(PREPEND _torch_libs "${_shared_libstdcxx}")
set_target_properties(prefctl_torch_tree PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES
    "${TORCH_TREE}/include;${TORCH_TREE}/include/torch/csrc/api/include"
  INTERFACE_COMPILE_DEFINITIONS "_GLIBCXX_USE_CXX11_ABI=${TORCH_CXX11_ABI}"
  INTERFACE_LINK_LIBRARIES "${_torch_libs}")
set(TORCH_LIBRARIES prefctl_torch_tree)
set(Torch_FOUND TRUE)
