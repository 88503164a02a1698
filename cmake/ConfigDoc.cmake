# docs/config.md is generated from docs/config.md.in and the config tables of
# src/config (cevns_config_doc_markdown): the generator, a target that rewrites
# the page in the source tree, and a test that fails when the page is not current.
#
#   cmake --build BUILD_DIR --target config_doc     regenerate docs/config.md
#   ctest --test-dir BUILD_DIR -R test_config_doc   check it
add_executable(cevns_gen_config_doc ${PROJECT_SOURCE_DIR}/tools/gen_config_doc.c)
cevns_program(cevns_gen_config_doc)

set(CEVNS_CONFIG_DOC_TEMPLATE ${PROJECT_SOURCE_DIR}/docs/config.md.in)
set(CEVNS_CONFIG_DOC ${PROJECT_SOURCE_DIR}/docs/config.md)
add_custom_target(config_doc
  COMMAND cevns_gen_config_doc ${CEVNS_CONFIG_DOC_TEMPLATE} ${CEVNS_CONFIG_DOC}
  COMMENT "Writing docs/config.md from docs/config.md.in and the config tables"
  VERBATIM)

if(CEVNS_BUILD_TESTS)
  add_test(NAME test_config_doc
    COMMAND cevns_gen_config_doc ${CEVNS_CONFIG_DOC_TEMPLATE} ${PROJECT_BINARY_DIR}/docs/config.md
            --check ${CEVNS_CONFIG_DOC})
  file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/docs)
endif()
