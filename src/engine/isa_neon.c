/* isa_neon.c - the kernel set for neon: the shared SIMD kernels compiled
 * with SIMD_NEON (the Makefile adds the matching compiler flags). */
#define SIMD_NEON 1

#include <math.h>

#include "engine/kernels.h"
#include "engine/simd.h"

#include "engine/simd_kernels.inc"
#include "engine/simd_matmul.inc"

const KernelSet kernels_neon = {
    .name = SIMD_NAME,
    .matmul = matmul_neon,
    .matmul_bt = matmul_bt_neon,
    .add = add_neon,
    .add_row = add_row_neon,
    .scale = scale_neon,
    .softmax_rows = softmax_rows_neon,
    .scale_mask_softmax_rows = scale_mask_softmax_rows_neon,
    .layernorm_rows = layernorm_rows_neon,
    .all_finite = all_finite_neon,
};
