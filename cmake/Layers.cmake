# Layers.cmake - one CMake object library per folder of src/, each compiled against a
# "view" that holds only what the layer may include (docs/architecture.md), so that an
# include against the data flow (config -> model -> plan -> engine -> results) fails to
# compile instead of creeping in.
#
# A view is a folder in the build tree, layers/<name>, with symbolic links to the public
# headers the layer may use (layers/<name>/cevns/<header>) and to the source folders it
# may use (layers/<name>/<folder>; "common" and "cuda" are kernels/common and
# kernels/cuda).  Every layer includes its own headers as "<folder>/<header>", as
# before.

# cevns_layer(NAME SOURCES ... PUBLIC header.h ... INTERNAL folder ... LIBRARIES target ...)
function(cevns_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;PUBLIC;INTERNAL;LIBRARIES" ${ARGN})
  set(view ${PROJECT_BINARY_DIR}/layers/${name})
  file(REMOVE_RECURSE ${view})
  file(MAKE_DIRECTORY ${view}/cevns)
  # every layer sees the error type, the shared enums and the export macro
  list(APPEND L_PUBLIC status.h enums.h export.h)
  list(REMOVE_DUPLICATES L_PUBLIC)
  foreach(h ${L_PUBLIC})
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/include/cevns/${h})
      message(FATAL_ERROR "layer ${name}: no public header include/cevns/${h}")
    endif()
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/include/cevns/${h} ${view}/cevns/${h} SYMBOLIC)
  endforeach()
  foreach(d ${L_INTERNAL})
    if(d STREQUAL "common" OR d STREQUAL "cuda")
      set(target_dir ${PROJECT_SOURCE_DIR}/kernels/${d})
    else()
      set(target_dir ${PROJECT_SOURCE_DIR}/src/${d})
    endif()
    file(CREATE_LINK ${target_dir} ${view}/${d} SYMBOLIC)
  endforeach()
  add_library(cevns_${name} OBJECT ${L_SOURCES})
  target_include_directories(cevns_${name} PRIVATE ${view})
  target_compile_options(cevns_${name} PRIVATE $<$<COMPILE_LANGUAGE:C>:${CEVNS_WARNINGS} ${CEVNS_FP_FLAGS}>
    $<$<COMPILE_LANGUAGE:CUDA>:--fmad=false -Xcompiler=-Wall>)
  target_compile_definitions(cevns_${name} PRIVATE ${CEVNS_DEFINITIONS} CEVNS_BUILDING_LIBRARY)
  # only the public API (CEVNS_API) leaves the shared library
  set_target_properties(cevns_${name} PROPERTIES C_VISIBILITY_PRESET hidden CUDA_VISIBILITY_PRESET hidden
                        POSITION_INDEPENDENT_CODE ON)
  if(L_LIBRARIES)
    target_link_libraries(cevns_${name} PRIVATE ${L_LIBRARIES})
  endif()
  set_property(GLOBAL APPEND PROPERTY CEVNS_LAYERS cevns_${name})
  set_property(GLOBAL APPEND PROPERTY CEVNS_LAYER_VIEWS "${name}=${view}")
endfunction()
