/* fuzz_safetensors.c - libFuzzer entry point: the input bytes are a
 * safetensors file.
 *
 * Each input is opened with st_open_mem (every header check), then every
 * tensor it lists is looked up by name and converted with st_read, and
 * the metadata is queried, so the whole reader runs on it. Everything is
 * freed, so LeakSanitizer sees any leak. A tensor can only be as large as
 * the input's data section, so no input makes this allocate much.
 *
 * Build and run with `make fuzz-safetensors` (FUZZ_SECONDS, default 600).
 */
#include <stddef.h>
#include <stdint.h>

#include "io/safetensors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    StFile f;
    Error err;
    if (!st_open_mem(&f, data, size, "fuzz", &err))
        return 0;
    for (int i = 0; i < f.count; i++) {
        const StTensor *t = &f.tensors[i];
        if (st_find(&f, t->name) == NULL)
            __builtin_trap(); /* every listed name must be found */
        Matrix m;
        if (st_read(&f, t, &m, &err))
            mat_free(&m);
    }
    Matrix none;
    if (st_get(&f, "wte.weight", &none, &err))
        mat_free(&none);
    (void)st_metadata(&f, "format");
    st_close(&f);
    return 0;
}
