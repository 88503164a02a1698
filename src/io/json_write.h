/* json_write.h - the few helpers needed to write JSON by hand (outputs only;
 * cJSON stays inside src/config). */
#ifndef CEVNS_SRC_JSON_WRITE_H
#define CEVNS_SRC_JSON_WRITE_H

#include <stdio.h>

/* A JSON string literal, quoted and escaped. */
void cevns_json_string(FILE *out, const char *s);
/* A number, or null when it is not finite. */
void cevns_json_number(FILE *out, double v);

#endif
