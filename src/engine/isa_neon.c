/* isa_neon.c - the kernel set for neon: the shared SIMD kernels compiled
 * with SIMD_NEON (the Makefile adds the matching compiler flags). */
#define SIMD_NEON 1

#include <math.h>
#include <stdint.h>

#include "engine/kernels.h"
#include "engine/simd.h"

#include "engine/simd_kernels.inc"
#include "engine/simd_matmul.inc"

const KernelSet kernels_neon = SIMD_KERNEL_SET(NULL);
