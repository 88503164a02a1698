/* cli_model_spec.c - `--model 'LABEL:key=value,key=value'` as a label and a JSON object of
 * model keys, which the config reader then checks (cevns_config_apply_model): this file
 * only turns the command-line spelling into JSON, it knows no key.
 *   key      a model key, dotted for a nested one: mu_nu, m4_MeV, nsi.ee_u, form_factor.type,
 *            zprime.preset, mu_nu.e (docs/config.md, "model");
 *   value    a number, true/false (or on/off), a list [a,b,...] of such values or names, or
 *            else a name (a JSON string): interactions=[sm,magnetic], kinematics=full. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "io/json_write.h"

#define MAX_ITEMS 32
#define MAX_DEPTH 4

/* One key=value of the spec: the key's dotted parts and the value's text. */
typedef struct {
    char part[MAX_DEPTH][48];
    int n_parts;
    const char *value;
    size_t value_len;
} spec_item;

static cevns_status bad(cevns_error *err, const char *spec, const char *what, size_t len, const char *why) {
    return cevns_error_set(err, CEVNS_EUSAGE, "--model '%s': '%.*s': %s", spec, (int)len, what, why);
}

/* One scalar value: a number, a boolean or a string. */
static void write_scalar(FILE *out, const char *v, size_t len) {
    char text[256];
    double x;
    snprintf(text, sizeof text, "%.*s", (int)len, v);
    if (!cli_parse_double(text, &x)) fprintf(out, "%.17g", x);
    else if (!strcmp(text, "true") || !strcmp(text, "on")) fputs("true", out);
    else if (!strcmp(text, "false") || !strcmp(text, "off")) fputs("false", out);
    else cevns_json_string(out, text);
}

/* The end of the item starting at s: the next ',' outside brackets, or the end. */
static const char *item_end(const char *s) {
    int depth = 0;
    for (; *s; s++) {
        if (*s == '[') depth++;
        else if (*s == ']' && depth > 0) depth--;
        else if (*s == ',' && depth == 0) break;
    }
    return s;
}

static void write_value(FILE *out, const char *v, size_t len) {
    if (len >= 2 && v[0] == '[' && v[len - 1] == ']') {
        const char *s = v + 1, *end = v + len - 1;
        fputc('[', out);
        while (s < end) {
            const char *e = item_end(s);
            if (e > end) e = end;
            if (s > v + 1) fputc(',', out);
            write_scalar(out, s, (size_t)(e - s));
            s = e < end ? e + 1 : end;
        }
        fputc(']', out);
    } else {
        write_scalar(out, v, len);
    }
}

/* Items idx[0..n-1] share their first `depth` key parts: their object. */
static cevns_status write_object(FILE *out, const spec_item *items, const int *idx, int n, int depth, const char *spec,
                                 cevns_error *err) {
    int done[MAX_ITEMS] = {0};
    int first = 1;
    fputc('{', out);
    for (int i = 0; i < n; i++) {
        int group[MAX_ITEMS], g = 0;
        const spec_item *a = &items[idx[i]];
        if (done[i]) continue;
        for (int j = i; j < n; j++)
            if (!done[j] && !strcmp(items[idx[j]].part[depth], a->part[depth])) {
                group[g++] = idx[j];
                done[j] = 1;
            }
        if (!first) fputc(',', out);
        first = 0;
        cevns_json_string(out, a->part[depth]);
        fputc(':', out);
        if (a->n_parts == depth + 1) {
            if (g > 1) return bad(err, spec, a->part[depth], strlen(a->part[depth]), "given more than once");
            write_value(out, a->value, a->value_len);
        } else {
            for (int j = 0; j < g; j++)
                if (items[group[j]].n_parts == depth + 1)
                    return bad(err, spec, a->part[depth], strlen(a->part[depth]), "given both as a value and as an object");
            cevns_status st = write_object(out, items, group, g, depth + 1, spec, err);
            if (st != CEVNS_OK) return st;
        }
    }
    fputc('}', out);
    return CEVNS_OK;
}

/* key=value at s (len characters) into item. */
static cevns_status parse_item(const char *spec, const char *s, size_t len, spec_item *item, cevns_error *err) {
    const char *eq = memchr(s, '=', len), *k = s;
    if (!eq || eq == s || eq + 1 == s + len) return bad(err, spec, s, len, "not KEY=VALUE");
    item->n_parts = 0;
    while (k < eq) {
        const char *dot = memchr(k, '.', (size_t)(eq - k));
        size_t n = (size_t)((dot ? dot : eq) - k);
        if (n == 0 || n >= sizeof item->part[0] || item->n_parts == MAX_DEPTH)
            return bad(err, spec, s, (size_t)(eq - s), "not a model key (names joined by '.')");
        for (size_t c = 0; c < n; c++)
            if (!(k[c] == '_' || (k[c] >= 'a' && k[c] <= 'z') || (k[c] >= 'A' && k[c] <= 'Z') || (k[c] >= '0' && k[c] <= '9')))
                return bad(err, spec, s, (size_t)(eq - s), "not a model key (names joined by '.')");
        snprintf(item->part[item->n_parts++], sizeof item->part[0], "%.*s", (int)n, k);
        k = dot ? dot + 1 : eq;
    }
    item->value = eq + 1;
    item->value_len = (size_t)(s + len - eq - 1);
    return CEVNS_OK;
}

cevns_status cli_model_spec(const char *spec, char *label, size_t label_size, char **json, cevns_error *err) {
    const char *colon = strchr(spec, ':'), *keys;
    spec_item items[MAX_ITEMS];
    int idx[MAX_ITEMS], n = 0;
    char *buf = NULL;
    size_t size = 0;
    FILE *out;
    cevns_status st = CEVNS_OK;
    /* the label ends at the first ':' (a label may hold '=', a key no ':'); without one the
     * spec is the keys when it has a '=', else the label alone */
    keys = colon ? colon + 1 : strchr(spec, '=') ? spec : spec + strlen(spec);
    if (colon && colon > spec) snprintf(label, label_size, "%.*s", (int)(colon - spec), spec);
    else snprintf(label, label_size, "%s", colon ? colon + 1 : spec);
    for (const char *s = keys; *s && st == CEVNS_OK;) {
        const char *e = item_end(s);
        if (n == MAX_ITEMS) return cevns_error_set(err, CEVNS_EUSAGE, "--model '%s': more than %d keys", spec, MAX_ITEMS);
        st = parse_item(spec, s, (size_t)(e - s), &items[n], err);
        idx[n] = n;
        n++;
        s = *e ? e + 1 : e;
    }
    if (st != CEVNS_OK) return st;
    if (!(out = open_memstream(&buf, &size))) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    st = write_object(out, items, idx, n, 0, spec, err);
    if (fclose(out) != 0 && st == CEVNS_OK) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory");
    if (st != CEVNS_OK) {
        free(buf);
        return st;
    }
    *json = buf;
    return CEVNS_OK;
}
