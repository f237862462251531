/* isa_avx512_emul.c - the avx512 kernels, emulated: the same source as
 * isa_avx512.c compiled against SIMDe, which carries out each AVX-512
 * intrinsic with AVX2 instructions (the Makefile builds this file with
 * -mavx2 -mfma only). It exists so that the avx512 kernels are tested on
 * every x86-64 machine, not only on those with AVX-512; it is never chosen
 * automatically (it is slower than the avx2 set), only by name. */
#define SIMD_AVX512_EMUL 1

#include <math.h>
#include <stdint.h>

#include "engine/kernels.h"
#include "engine/simd.h"

#include "engine/simd_kernels.inc"
#include "engine/simd_matmul.inc"

const KernelSet kernels_avx512_emul = SIMD_KERNEL_SET("avx512");
