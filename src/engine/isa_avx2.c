/* isa_avx2.c - the kernel set for avx2: the shared SIMD kernels compiled
 * with SIMD_AVX2 (the Makefile adds the matching compiler flags). */
#define SIMD_AVX2 1

#include <math.h>
#include <stdint.h>

#include "engine/kernels.h"
#include "engine/simd.h"

#include "engine/simd_kernels.inc"
#include "engine/simd_matmul.inc"

const KernelSet kernels_avx2 = SIMD_KERNEL_SET(NULL);
