/* axis_label.h - the figures' name of a scan axis: its symbol and unit in PLplot's
 * text escapes (#g Greek, #u/#d up/down), from one table of every axis name. */
#ifndef CEVNS_SRC_AXIS_LABEL_H
#define CEVNS_SRC_AXIS_LABEL_H

#include <stddef.h>

/* The symbol of axis `name` (e.g. "#gm#d#gn#u" for mu_nu, "#ge#u#fiu#fnV#d#dee#u" for
 * eps_ee_u) into symbol and its unit ("" when it has none) into unit; returns 1.  A name
 * the table does not know: 0, the name itself as the symbol and `map_unit` (the unit the
 * map stores, "mu_B", "cm^2", ...) as the unit, both written for PLplot. */
int cevns_axis_symbol(const char *name, const char *map_unit, char *symbol, size_t symbol_size, char *unit,
                      size_t unit_size);
/* "<symbol> [<unit>]", or the symbol alone when there is no unit. */
void cevns_axis_label(const char *name, const char *map_unit, char *out, size_t size);
/* The label of a spectrum's x axis, the observable `observable` ("keVnr", "keVee", "PE",
 * "time_us", "psd"; another name is shown as the unit of an observed quantity). */
void cevns_observable_label(const char *observable, char *out, size_t size);

#endif
