#include "engine/matrix_list.h"

#include <stdlib.h>
#include <string.h>

bool mlist_put(MatrixList *list, const char *name, Matrix *m, Error *err) {
    if (strlen(name) >= MLIST_NAME_MAX) {
        mat_free(m);
        return err_set_msg(err, MSG_MLIST_NAME_LONG, name, MLIST_NAME_MAX - 1);
    }
    for (int i = 0; i < list->count; i++) {
        if (strcmp(list->items[i].name, name) == 0) {
            mat_free(&list->items[i].m);
            list->items[i].m = *m;
            *m = (Matrix){0};
            return true;
        }
    }
    if (list->count == list->cap) {
        int cap = list->cap ? list->cap * 2 : 16;
        NamedMatrix *items = realloc(list->items, (size_t)cap * sizeof *items);
        if (!items) {
            mat_free(m);
            return err_set_msg(err, MSG_MLIST_OUT_OF_MEMORY);
        }
        list->items = items;
        list->cap = cap;
    }
    NamedMatrix *slot = &list->items[list->count++];
    memset(slot->name, 0, sizeof slot->name);
    strcpy(slot->name, name);
    slot->m = *m;
    *m = (Matrix){0};
    return true;
}

const Matrix *mlist_find(const MatrixList *list, const char *name) {
    for (int i = 0; i < list->count; i++)
        if (strcmp(list->items[i].name, name) == 0)
            return &list->items[i].m;
    return NULL;
}

void mlist_free(MatrixList *list) {
    for (int i = 0; i < list->count; i++)
        mat_free(&list->items[i].m);
    free(list->items);
    *list = (MatrixList){0};
}
