# Shared settings for every project target: warnings (as errors in CI) and the
# precompiled torch header for targets that use LibTorch.

function(prefctl_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(PREFCTL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# LibTorch headers dominate compile time; one precompiled header is shared by
# every torch-using target (REUSE_FROM avoids compiling it once per target).
function(prefctl_use_torch target)
  target_link_libraries(${target} PUBLIC ${TORCH_LIBRARIES})
  if(NOT TARGET prefctl_torch_pch)
    add_library(prefctl_torch_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/torch_pch.cc)
    target_link_libraries(prefctl_torch_pch PUBLIC ${TORCH_LIBRARIES})
    target_precompile_headers(prefctl_torch_pch PRIVATE <torch/torch.h>)
    prefctl_warnings(prefctl_torch_pch)
  endif()
  target_precompile_headers(${target} REUSE_FROM prefctl_torch_pch)
endfunction()

# prefctl_library(NAME SOURCES ... DEPS ...) declares one folder's library.
function(prefctl_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  prefctl_warnings(${name})
endfunction()
