# LayerTests.cmake - CTest tests that the layers' views (Layers.cmake) forbid the includes
# against the data flow that issue 10 removed, each with a control include that must
# compile.  Test names: layers_<layer>.
function(cevns_layer_probe layer)
  cmake_parse_arguments(P "" "" "OK;MISSING" ${ARGN})
  set(view ${PROJECT_BINARY_DIR}/layers/${layer})
  # one test per layer: a small script running every probe
  set(script ${PROJECT_BINARY_DIR}/layer_probes/${layer}.cmake)
  file(WRITE ${script} "")
  foreach(h ${P_OK})
    file(APPEND ${script} "execute_process(COMMAND \${CMAKE_COMMAND} -DCC=${CMAKE_C_COMPILER} -DVIEW=${view} -DHEADER=${h} -DEXPECT=ok -DOUT=${PROJECT_BINARY_DIR}/layer_probes/${layer} -P ${PROJECT_SOURCE_DIR}/cmake/probe_include.cmake COMMAND_ERROR_IS_FATAL ANY)\n")
  endforeach()
  foreach(h ${P_MISSING})
    file(APPEND ${script} "execute_process(COMMAND \${CMAKE_COMMAND} -DCC=${CMAKE_C_COMPILER} -DVIEW=${view} -DHEADER=${h} -DEXPECT=missing -DOUT=${PROJECT_BINARY_DIR}/layer_probes/${layer} -P ${PROJECT_SOURCE_DIR}/cmake/probe_include.cmake COMMAND_ERROR_IS_FATAL ANY)\n")
  endforeach()
  add_test(NAME layers_${layer} COMMAND ${CMAKE_COMMAND} -P ${script})
endfunction()

# engines take a const plan and options: no experiment, no MPI, no config
cevns_layer_probe(engine OK engine/engine.h plan/scan_plan.h common/scan.h
                  MISSING experiment/experiment_internal.h scan/distribute.h cevns/config.h cevns/experiment.h)
# the plan and the statistics never see the config, nor resolve paths
cevns_layer_probe(plan OK plan/plan.h cevns/model.h MISSING cevns/config.h config/config_internal.h cevns/experiment.h)
cevns_layer_probe(stats OK cevns/stats.h common/chi2.h MISSING cevns/config.h cevns/experiment.h)
# the config does not include kernel headers
cevns_layer_probe(config OK cevns/config.h cevns/enums.h MISSING common/xsec.h common/plan.h cevns/model.h)
# the model does not call the integrators nor know the experiment
cevns_layer_probe(model OK cevns/model.h MISSING rate/reference.h experiment/experiment_internal.h cevns/config.h)
# writers and figures consume results: no statistics, no scan, no config
cevns_layer_probe(io OK cevns/results.h MISSING cevns/stats.h cevns/config.h scan/scan_internal.h cevns/experiment.h)
cevns_layer_probe(results OK cevns/results.h MISSING cevns/config.h cevns/scan.h io/run_files.h)

# library hygiene: public headers complete on their own; exports = the public API
add_test(NAME headers_self_contained COMMAND ${CMAKE_COMMAND} -DCC=${CMAKE_C_COMPILER} -DSRC=${PROJECT_SOURCE_DIR}
         -DOUT=${PROJECT_BINARY_DIR}/header_checks -P ${PROJECT_SOURCE_DIR}/cmake/check_headers.cmake)
add_test(NAME exports_are_the_public_api COMMAND ${CMAKE_COMMAND} -DLIB=$<TARGET_FILE:cevns_shared>
         -DSRC=${PROJECT_SOURCE_DIR} -P ${PROJECT_SOURCE_DIR}/cmake/check_exports.cmake)
