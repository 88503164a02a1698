/* config_doc.c - placeholder */
#include "config/config_schema.h"
cevns_status cevns_config_doc_markdown(const char *template_text, FILE *out, cevns_error *err) {
    (void)template_text; (void)out;
    return cevns_error_set(err, CEVNS_EINTERNAL, "todo");
}
