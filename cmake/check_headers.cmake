# check_headers.cmake - every public header compiles on its own, warning-free, with only
# include/ on the path (what an installed user has).
#   cmake -DCC=<compiler> -DSRC=<source dir> -DOUT=<dir> -P check_headers.cmake
file(GLOB headers ${SRC}/include/cevns/*.h)
file(MAKE_DIRECTORY ${OUT})
foreach(h ${headers})
  get_filename_component(name ${h} NAME)
  set(src ${OUT}/alone_${name}.c)
  string(REPLACE "." "_" ident "${name}")
  file(WRITE ${src} "#include \"cevns/${name}\"\n#include \"cevns/${name}\"\nint cevns_header_check_${ident};\n")
  execute_process(COMMAND ${CC} -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I${SRC}/include ${src}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "include/cevns/${name} does not compile on its own (twice, as a user may include it):\n${out}")
  endif()
endforeach()
list(LENGTH headers n)
message(STATUS "${n} public headers compile on their own")
