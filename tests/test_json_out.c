/* test_json_out.c - the streaming JSON writer against cJSON itself: the
 * same document built as a cJSON tree and printed with cJSON_Print (and
 * cJSON_PrintUnformatted) must come out byte for byte the same, so the
 * trace's JSON did not change when it stopped building a tree. */
#include <cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/json_out.h"

static const double numbers[] = {0.0, -0.0, 1.0, -3.0, 0.1, 1.0 / 3.0, 2147483647.0, 2147483648.0, -2147483649.0,
                                 1e300, 1.0000000031710769e-30, 123456789012345678.0, 0.5f, 3.4028234663852886e38};
static const char *const strings[] = {"", "plain", "tab\there", "new\nline", "quote\" and \\ back", "\x01\x1f ctl",
                                      "猫 UTF-8 é", "/slash"};

/* one document with every kind of value, as a tree */
static cJSON *as_tree(void) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddItemToObject(root, "empty object", cJSON_CreateObject());
    cJSON_AddItemToObject(root, "empty array", cJSON_CreateArray());
    cJSON *nums = cJSON_CreateArray();
    for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++)
        cJSON_AddItemToArray(nums, cJSON_CreateNumber(numbers[k]));
    cJSON_AddItemToObject(root, "numbers", nums);
    cJSON *objs = cJSON_CreateArray();
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, strings[k], strings[k]);
        cJSON_AddNullToObject(o, "null");
        cJSON_AddBoolToObject(o, "yes", k % 2);
        cJSON *inner = cJSON_CreateObject();
        cJSON_AddItemToObject(inner, "rows", cJSON_CreateArray());
        cJSON_AddItemToArray(cJSON_GetObjectItem(inner, "rows"), cJSON_CreateArray());
        cJSON_AddItemToObject(o, "inner", inner);
        cJSON_AddItemToArray(objs, o);
    }
    cJSON_AddItemToObject(root, "objects", objs);
    return root;
}

static void as_stream(JsonOut *j) {
    json_out_object(j, NULL);
    json_out_object(j, "empty object");
    json_out_end(j);
    json_out_array(j, "empty array");
    json_out_end(j);
    json_out_array(j, "numbers");
    for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++)
        json_out_number(j, NULL, numbers[k]);
    json_out_end(j);
    json_out_array(j, "objects");
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++) {
        json_out_object(j, NULL);
        json_out_string(j, strings[k], strings[k]);
        json_out_string(j, "null", NULL);
        json_out_bool(j, "yes", k % 2);
        json_out_object(j, "inner");
        json_out_array(j, "rows");
        json_out_array(j, NULL);
        json_out_end(j);
        json_out_end(j);
        json_out_end(j);
        json_out_end(j);
    }
    json_out_end(j);
    json_out_end(j);
}

static void compare(bool formatted) {
    cJSON *tree = as_tree();
    char *want = formatted ? cJSON_Print(tree) : cJSON_PrintUnformatted(tree);
    cJSON_Delete(tree);
    char *got = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&got, &n);
    JsonOut j = json_out_begin(f, formatted);
    as_stream(&j);
    cr_expect(json_out_ok(&j));
    fclose(f);
    cr_expect_str_eq(got, want);
    free(got);
    free(want);
}

Test(json_out, formatted_is_what_cJSON_Print_gives) { compare(true); }
Test(json_out, unformatted_is_what_cJSON_PrintUnformatted_gives) { compare(false); }

/* floats: the non-finite ones as strings, as the trace documents */
Test(json_out, non_finite_floats_are_strings) {
    char *got = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&got, &n);
    JsonOut j = json_out_begin(f, false);
    json_out_array(&j, NULL);
    json_out_float(&j, NULL, INFINITY);
    json_out_float(&j, NULL, -INFINITY);
    json_out_float(&j, NULL, NAN);
    json_out_float(&j, NULL, 0.25f);
    json_out_end(&j);
    fclose(f);
    cr_expect_str_eq(got, "[\"inf\",\"-inf\",\"nan\",0.25]");
    free(got);
}
