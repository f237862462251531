/* json_out.c - JSON written as it is produced (json_out.h). */
#include "output/json_out.h"

#include <cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

JsonOut json_out_begin(FILE *f, bool formatted) { return (JsonOut){.f = f, .formatted = formatted}; }

static void put_string(JsonOut *j, const char *s);

static void tabs(JsonOut *j, int n) {
    for (int k = 0; k < n; k++)
        fputc('\t', j->f);
}

/* what comes before a value: the separator from the previous item and,
 * in an object, the indentation and the key */
static void item(JsonOut *j, const char *key) {
    if (j->depth == 0)
        return;
    bool object = j->open[j->depth - 1].object, first = j->open[j->depth - 1].empty;
    j->open[j->depth - 1].empty = false;
    if (!object) {
        if (!first)
            fputs(j->formatted ? ", " : ",", j->f);
        return;
    }
    if (!first)
        fputs(j->formatted ? ",\n" : ",", j->f);
    if (j->formatted)
        tabs(j, j->depth);
    put_string(j, key ? key : "");
    fputs(j->formatted ? ":\t" : ":", j->f);
}

static void open_container(JsonOut *j, const char *key, bool object) {
    item(j, key);
    if (j->depth == JSON_OUT_MAX_DEPTH) {
        j->failed = true;
        return;
    }
    j->open[j->depth].object = object;
    j->open[j->depth].empty = true;
    j->depth++;
    fputs(object ? (j->formatted ? "{\n" : "{") : "[", j->f);
}

void json_out_object(JsonOut *j, const char *key) { open_container(j, key, true); }
void json_out_array(JsonOut *j, const char *key) { open_container(j, key, false); }

void json_out_end(JsonOut *j) {
    if (j->depth == 0)
        return;
    j->depth--;
    if (!j->open[j->depth].object) {
        fputc(']', j->f);
        return;
    }
    if (j->formatted) {
        if (!j->open[j->depth].empty)
            fputc('\n', j->f);
        tabs(j, j->depth);
    }
    fputc('}', j->f);
}

/* one cJSON value, printed by cJSON into buf (no tree, no allocation for
 * numbers) */
static void print_value(JsonOut *j, cJSON *v, char *buf, int size) {
    if (cJSON_PrintPreallocated(v, buf, size, false))
        fputs(buf, j->f);
    else
        j->failed = true;
}

/* a string as cJSON escapes it */
static void put_string(JsonOut *j, const char *s) {
    /* the longest escape is \u00XX: 6 bytes for one; 2 quotes, a NUL,
     * and the 5 bytes of slack cJSON_PrintPreallocated asks for */
    size_t size = strlen(s) * 6 + 8;
    char small[256], *buf = size <= sizeof small ? small : malloc(size);
    if (!buf || size > (size_t)0x7fffffff) {
        j->failed = true;
        if (buf != small)
            free(buf);
        return;
    }
    cJSON v = {.type = cJSON_String, .valuestring = (char *)(uintptr_t)s};
    print_value(j, &v, buf, (int)size);
    if (buf != small)
        free(buf);
}

void json_out_string(JsonOut *j, const char *key, const char *s) {
    item(j, key);
    if (s)
        put_string(j, s);
    else
        fputs("null", j->f);
}

void json_out_number(JsonOut *j, const char *key, double d) {
    item(j, key);
    cJSON v = {.type = cJSON_Number};
    cJSON_SetNumberValue(&v, d);
    char buf[64];
    print_value(j, &v, buf, sizeof buf);
}

void json_out_bool(JsonOut *j, const char *key, bool b) {
    item(j, key);
    fputs(b ? "true" : "false", j->f);
}

void json_out_float(JsonOut *j, const char *key, float v) {
    if (isnan(v))
        json_out_string(j, key, "nan");
    else if (isinf(v))
        json_out_string(j, key, v < 0 ? "-inf" : "inf");
    else
        json_out_number(j, key, (double)v);
}

void json_out_matrix(JsonOut *j, const char *key, const Matrix *m) {
    json_out_array(j, key);
    for (int i = 0; i < m->rows; i++) {
        json_out_array(j, NULL);
        for (int k = 0; k < m->cols; k++)
            json_out_float(j, NULL, mat_get(m, i, k));
        json_out_end(j);
    }
    json_out_end(j);
}

bool json_out_ok(const JsonOut *j) { return !j->failed && !ferror(j->f); }
