# probe_include.cmake - compile `#include "HEADER"` against a layer's view (Layers.cmake).
#   cmake -DCC=<compiler> -DVIEW=<layers/name> -DHEADER=<path> -DEXPECT=ok|missing -DOUT=<dir> -P probe_include.cmake
# EXPECT=missing: the include must fail because the header is not visible to the layer
# (an include against the data flow); EXPECT=ok: it must compile (the control that shows
# the probe itself works).
file(MAKE_DIRECTORY ${OUT})
string(MAKE_C_IDENTIFIER "${HEADER}" stem)
set(src ${OUT}/probe_${stem}.c)
file(WRITE ${src} "#include \"${HEADER}\"\n")
execute_process(COMMAND ${CC} -std=c11 -fsyntax-only -D_POSIX_C_SOURCE=200809L -I${VIEW} ${src}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(EXPECT STREQUAL "ok")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${VIEW}: #include \"${HEADER}\" should compile, but:\n${out}")
  endif()
elseif(rc EQUAL 0)
  message(FATAL_ERROR "${VIEW}: #include \"${HEADER}\" compiles, but this layer must not see it")
elseif(NOT out MATCHES "No such file or directory")
  message(FATAL_ERROR "${VIEW}: #include \"${HEADER}\" fails for another reason than visibility:\n${out}")
endif()
