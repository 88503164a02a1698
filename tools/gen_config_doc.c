/* gen_config_doc.c - writes docs/config.md from docs/config.md.in and the config
 * tables (cevns_config_doc_markdown), or checks that it is current:
 *
 *   cevns_gen_config_doc TEMPLATE OUTPUT                 write the page
 *   cevns_gen_config_doc TEMPLATE OUTPUT --check PAGE    write it, then fail naming the
 *                                                        command to run when PAGE differs
 *
 * The CTest test test_config_doc runs the second form (cmake/ConfigDoc.cmake). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevns/config.h"

/* The whole file as a NUL-terminated string, or NULL (message printed). */
static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long n;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        !(text = malloc((size_t)n + 1)) || fread(text, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "gen_config_doc: cannot read %s\n", path);
        free(text);
        if (f) fclose(f);
        return NULL;
    }
    text[n] = '\0';
    fclose(f);
    return text;
}

static int write_page(const char *template_path, const char *out_path) {
    char *template_text = read_text(template_path);
    FILE *out;
    cevns_error err = {{0}};
    cevns_status st;
    if (!template_text) return 1;
    if (!(out = fopen(out_path, "wb"))) {
        fprintf(stderr, "gen_config_doc: cannot write %s\n", out_path);
        free(template_text);
        return 1;
    }
    st = cevns_config_doc_markdown(template_text, out, &err);
    if (fclose(out) != 0 && st == CEVNS_OK) st = CEVNS_EIO;
    free(template_text);
    if (st != CEVNS_OK) {
        fprintf(stderr, "gen_config_doc: %s: %s\n", template_path, err.msg[0] ? err.msg : cevns_strerror(st));
        return 1;
    }
    return 0;
}

/* 0 when the files are the same, else 1 with the line of the first difference. */
static int compare(const char *generated_path, const char *page_path, int *line) {
    char *a = read_text(generated_path), *b = read_text(page_path);
    size_t i = 0;
    int differ = 1;
    *line = 1;
    if (a && b) {
        while (a[i] && a[i] == b[i]) *line += a[i++] == '\n';
        differ = a[i] != b[i];
    }
    free(a);
    free(b);
    return differ;
}

int main(int argc, char **argv) {
    int line;
    if (!(argc == 3 || (argc == 5 && strcmp(argv[3], "--check") == 0))) {
        fprintf(stderr, "usage: %s TEMPLATE OUTPUT [--check PAGE]\n", argv[0]);
        return 2;
    }
    if (write_page(argv[1], argv[2]) != 0) return 1;
    if (argc == 5 && compare(argv[2], argv[4], &line) != 0) {
        fprintf(stderr,
                "%s is not current (it differs from the generated %s from line %d on): the config tables or %s "
                "changed.  Regenerate it with\n  %s %s %s\n(or cmake --build BUILD_DIR --target config_doc) and "
                "commit it.\n",
                argv[4], argv[2], line, argv[1], argv[0], argv[1], argv[4]);
        return 1;
    }
    return 0;
}
