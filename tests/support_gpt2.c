#include "support_gpt2.h"

#include "io/gpt2.h"

bool support_open_gpt2(const char *dir, const char *text, int layer, LoadedLesson *ll, Error *err) {
    Gpt2Options opt = {.text = text, .layer = layer, .temperature = 1.0f};
    return lesson_open_gpt2(dir, &opt, NULL, ll, err);
}
