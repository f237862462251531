/* isa_avx2.c - the kernel set for avx2: the shared SIMD kernels compiled
 * with SIMD_AVX2 (the Makefile adds the matching compiler flags). */
#define SIMD_AVX2 1

#include <math.h>

#include "engine/kernels.h"
#include "engine/simd.h"

#include "engine/simd_kernels.inc"
#include "engine/simd_matmul.inc"

const KernelSet kernels_avx2 = {
    .name = SIMD_NAME,
    .matmul = matmul_avx2,
    .matmul_bt = matmul_bt_avx2,
    .add = add_avx2,
    .add_row = add_row_avx2,
    .scale = scale_avx2,
    .softmax_rows = softmax_rows_avx2,
    .scale_mask_softmax_rows = scale_mask_softmax_rows_avx2,
    .layernorm_rows = layernorm_rows_avx2,
    .all_finite = all_finite_avx2,
};
