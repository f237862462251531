/* isa_avx512.c - the kernel set for avx512: the shared SIMD kernels compiled
 * with SIMD_AVX512 (the Makefile adds the matching compiler flags). */
#define SIMD_AVX512 1

#include <math.h>
#include <stdint.h>

#include "engine/kernels.h"
#include "engine/simd.h"

#include "engine/simd_kernels.inc"
#include "engine/simd_matmul.inc"

const KernelSet kernels_avx512 = SIMD_KERNEL_SET(NULL);
