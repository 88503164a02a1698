/* config_output.c - the table of "output": the run folder, the figures, and the
 * published limits drawn on them (in the unit of the first shown scan axis; not
 * checked against the scan here: a config may have no scan). */
#include <stddef.h>

#include "config/config_schema.h"

#define R(field) offsetof(cevns_reference_limit, field)
static const cfg_row reference_rows[] = {
    {"label", CFG_STRING, R(label), .required = CFG_ALL, .size = sizeof(((cevns_reference_limit *)0)->label),
     .doc = "legend text"},
    {"value", CFG_NUMBER, R(value), .required = CFG_ALL, .range = CFG_POSITIVE, .unit = "of the first shown axis",
     .doc = "the published limit"},
};
static const cfg_schema reference_schema = {CFG_ROWS(reference_rows), .selector = CFG_NO_SELECTOR};

#define O(field) offsetof(cevns_output_config, field)
static const cfg_row output_rows[] = {
    {"dir", CFG_STRING, O(dir), .flags = CFG_OMIT_ZERO, .size = sizeof(((cevns_output_config *)0)->dir),
     .unit = "path", .def_doc = "`runs/<name>` (chosen by `cevns scan`)",
     .doc = "the run folder, relative to the working directory"},
    {"figures", CFG_BOOL, O(figures), .def = 1, .doc = "draw PNG and PDF figures (needs PLplot)"},
    {"overwrite", CFG_BOOL, O(overwrite), .doc = "replace an existing run folder"},
    {"reference_limits", CFG_OBJECTS, O(reference), .flags = CFG_OMIT_ZERO, .min = 0, .max = CEVNS_MAX_REFERENCE,
     .size = sizeof(cevns_reference_limit), .count_offset = O(n_reference), .schema = &reference_schema,
     .doc = "published limits to draw on the figures (below)"},
};

const cfg_schema cfg_output_schema = {CFG_ROWS(output_rows), .selector = CFG_NO_SELECTOR};
