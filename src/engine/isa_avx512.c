/* isa_avx512.c - the kernel set for avx512: the shared SIMD kernels compiled
 * with SIMD_AVX512 (the Makefile adds the matching compiler flags). */
#define SIMD_AVX512 1

#include <math.h>

#include "engine/kernels.h"
#include "engine/simd.h"

#include "engine/simd_kernels.inc"
#include "engine/simd_matmul.inc"

const KernelSet kernels_avx512 = {
    .name = SIMD_NAME,
    .matmul = matmul_avx512,
    .matmul_bt = matmul_bt_avx512,
    .add = add_avx512,
    .add_row = add_row_avx512,
    .scale = scale_avx512,
    .softmax_rows = softmax_rows_avx512,
    .scale_mask_softmax_rows = scale_mask_softmax_rows_avx512,
    .layernorm_rows = layernorm_rows_avx512,
    .all_finite = all_finite_avx512,
};
