/* config_comments.c - JSON with comments: blank out // and block comments that
 * lie outside string literals, keeping every newline so that the positions cJSON
 * reports still match the file. */
#include "config/config_internal.h"

typedef enum { TEXT, STRING, STRING_ESCAPE, LINE_COMMENT, BLOCK_COMMENT } scan_state;

size_t cfg_strip_comments(char *text) {
    scan_state state = TEXT;
    size_t block_start = 0;
    for (size_t i = 0; text[i]; i++) {
        char c = text[i];
        switch (state) {
        case TEXT:
            if (c == '"') {
                state = STRING;
            } else if (c == '/' && text[i + 1] == '/') {
                state = LINE_COMMENT;
                text[i] = ' ';
            } else if (c == '/' && text[i + 1] == '*') {
                state = BLOCK_COMMENT;
                block_start = i;
                text[i] = text[i + 1] = ' ';
                i++;
            }
            break;
        case STRING:
            if (c == '\\') state = STRING_ESCAPE;
            else if (c == '"') state = TEXT;
            break;
        case STRING_ESCAPE:
            state = STRING;
            break;
        case LINE_COMMENT:
            if (c == '\n') state = TEXT;
            else text[i] = ' ';
            break;
        case BLOCK_COMMENT:
            if (c == '*' && text[i + 1] == '/') {
                text[i] = text[i + 1] = ' ';
                i++;
                state = TEXT;
            } else if (c != '\n') {
                text[i] = ' ';
            }
            break;
        }
    }
    return state == BLOCK_COMMENT ? block_start : (size_t)-1;
}

void cfg_line_column(const char *text, size_t offset, int *line, int *column) {
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *column = 1;
        } else {
            (*column)++;
        }
    }
}
