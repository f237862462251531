/* simd.h - one SIMD vocabulary, mapped onto each instruction set.
 *
 * A kernel written in these words compiles for every set: the file that
 * includes this header defines exactly one of SIMD_AVX512, SIMD_AVX512_EMUL,
 * SIMD_AVX2 or SIMD_NEON (and is compiled with the matching -m flags). Each set provides:
 *
 *   vf            a register of VF_N floats
 *   vi            a register of VF_N 32-bit integers
 *   vf_zero()     all lanes 0             vf_set1(x)   all lanes x
 *   vf_load(p)    VF_N floats, any alignment
 *   vf_store(p,v) store VF_N floats, any alignment
 *   vf_stream(p,v) store VF_N floats at p, aligned to VF_N floats, past
 *                 the cache (a non-temporal store: for results kept for
 *                 later, not read again soon); a plain store where the set
 *                 has none
 *   vf_stream_end() streamed stores are ordered before any later store
 *   vf_add vf_sub vf_mul vf_div vf_max vf_min   lane-wise
 *   vf_fma(a,b,c)  a * b + c, one rounding
 *   vf_sum(v)     sum of the lanes        vf_hmax(v)   largest lane
 *   vf_round(v)   round to nearest even, as floats
 *   vf_to_vi(v)   convert (already integral) floats to ints
 *   vi_exp2(n)    2^n as floats, for integer n in the normal range
 *                 (builds the exponent bits: (n + 127) << 23)
 *   vf_keep_ge(v, x, lo)  v in lanes where x >= lo, else +0 (NaN x gives +0)
 *   vf_has_nan(v) true when any lane is NaN
 *
 * Reductions (vf_sum, vf_hmax) combine lanes in a fixed order, so a kernel
 * gives the same result on every run. Nothing here depends on fast-math.
 */
#ifndef ATTNSTEP_SIMD_H
#define ATTNSTEP_SIMD_H

#if defined(SIMD_AVX512) || defined(SIMD_AVX512_EMUL)
/* One mapping serves the native avx512 set and its emulation: X86(name)
 * is the intrinsic itself, or SIMDe's simde_-prefixed version of it (SIMDe
 * carries out AVX-512 operations with AVX2 instructions, so the avx512
 * kernels run, and are tested, on machines without AVX-512). SIMDe's
 * native aliases stay off: the emulated set never uses a real AVX-512
 * instruction by accident. */
#if defined(SIMD_AVX512_EMUL)
#include <simde/x86/avx512.h>
#define SIMD_NAME "avx512-emulated"
#define SIMD_SUFFIX(fn) fn##_avx512_emul
#define X86(fn) simde##fn
#define X86_TYPE(t) simde_##t
#define X86_CONST(c) SIMDE##c
#else
#include <immintrin.h>
#define SIMD_NAME "avx512"
#define SIMD_SUFFIX(fn) fn##_avx512
#define X86(fn) fn
#define X86_TYPE(t) _##t
#define X86_CONST(c) c
#endif
#define VF_N 16
typedef X86_TYPE(_m512) vf;
typedef X86_TYPE(_m512i) vi;
static inline vf vf_zero(void) { return X86(_mm512_setzero_ps)(); }
static inline vf vf_set1(float x) { return X86(_mm512_set1_ps)(x); }
static inline vf vf_load(const float *p) { return X86(_mm512_loadu_ps)(p); }
static inline void vf_store(float *p, vf v) { X86(_mm512_storeu_ps)(p, v); }
#if defined(SIMD_AVX512_EMUL)
/* SIMDe 0.7.4 has no _mm512_stream_ps; the emulation is for checking
 * results, which a plain store gives the same */
static inline void vf_stream(float *p, vf v) { vf_store(p, v); }
static inline void vf_stream_end(void) {}
#else
static inline void vf_stream(float *p, vf v) { _mm512_stream_ps(p, v); }
static inline void vf_stream_end(void) { _mm_sfence(); }
#endif
static inline vf vf_add(vf a, vf b) { return X86(_mm512_add_ps)(a, b); }
static inline vf vf_sub(vf a, vf b) { return X86(_mm512_sub_ps)(a, b); }
static inline vf vf_mul(vf a, vf b) { return X86(_mm512_mul_ps)(a, b); }
static inline vf vf_div(vf a, vf b) { return X86(_mm512_div_ps)(a, b); }
static inline vf vf_max(vf a, vf b) { return X86(_mm512_max_ps)(a, b); }
static inline vf vf_min(vf a, vf b) { return X86(_mm512_min_ps)(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return X86(_mm512_fmadd_ps)(a, b, c); }
static inline vf vf_round(vf v) {
    return X86(_mm512_roundscale_ps)(v, X86_CONST(_MM_FROUND_TO_NEAREST_INT) | X86_CONST(_MM_FROUND_NO_EXC));
}
static inline vf vi_exp2(vi n) {
    return X86(_mm512_castsi512_ps)(X86(_mm512_slli_epi32)(X86(_mm512_add_epi32)(n, X86(_mm512_set1_epi32)(127)), 23));
}
/* the upper 256 bits of v */
static inline X86_TYPE(_m256) vf_high_half(vf v) {
    return X86(_mm256_castpd_ps)(X86(_mm512_extractf64x4_pd)(X86(_mm512_castps_pd)(v), 1));
}
/* fixed order: halves folded down to 128 bits, then pairs */
static inline float vf_sum(vf v) {
    X86_TYPE(_m256) h = X86(_mm256_add_ps)(X86(_mm512_castps512_ps256)(v), vf_high_half(v));
    X86_TYPE(_m128) q = X86(_mm_add_ps)(X86(_mm256_castps256_ps128)(h), X86(_mm256_extractf128_ps)(h, 1));
    q = X86(_mm_add_ps)(q, X86(_mm_movehl_ps)(q, q));
    q = X86(_mm_add_ss)(q, X86(_mm_movehdup_ps)(q));
    return X86(_mm_cvtss_f32)(q);
}
static inline vf vf_keep_ge(vf v, vf x, vf lo) {
    return X86(_mm512_maskz_mov_ps)(X86(_mm512_cmp_ps_mask)(x, lo, X86_CONST(_CMP_GE_OQ)), v);
}
static inline int vf_has_nan(vf v) { return X86(_mm512_cmp_ps_mask)(v, v, X86_CONST(_CMP_UNORD_Q)) != 0; }
#if defined(SIMD_AVX512_EMUL)
/* SIMDe 0.7.4 has neither _mm512_cvtps_epi32 nor _mm512_reduce_max_ps:
 * each is built here from the two 256-bit halves, with the AVX2 forms. */
static inline vi vf_to_vi(vf v) {
    vi lo = X86(_mm512_castsi256_si512)(X86(_mm256_cvtps_epi32)(X86(_mm512_castps512_ps256)(v)));
    return X86(_mm512_inserti64x4)(lo, X86(_mm256_cvtps_epi32)(vf_high_half(v)), 1);
}
static inline float vf_hmax(vf v) {
    X86_TYPE(_m256) h = X86(_mm256_max_ps)(X86(_mm512_castps512_ps256)(v), vf_high_half(v));
    X86_TYPE(_m128) q = X86(_mm_max_ps)(X86(_mm256_castps256_ps128)(h), X86(_mm256_extractf128_ps)(h, 1));
    q = X86(_mm_max_ps)(q, X86(_mm_movehl_ps)(q, q));
    q = X86(_mm_max_ss)(q, X86(_mm_movehdup_ps)(q));
    return X86(_mm_cvtss_f32)(q);
}
#else
static inline vi vf_to_vi(vf v) { return _mm512_cvtps_epi32(v); }
static inline float vf_hmax(vf v) { return _mm512_reduce_max_ps(v); }
#endif

#elif defined(SIMD_AVX2)
#include <immintrin.h>
#define SIMD_NAME "avx2"
#define SIMD_SUFFIX(fn) fn##_avx2
#define VF_N 8
typedef __m256 vf;
typedef __m256i vi;
static inline vf vf_zero(void) { return _mm256_setzero_ps(); }
static inline vf vf_set1(float x) { return _mm256_set1_ps(x); }
static inline vf vf_load(const float *p) { return _mm256_loadu_ps(p); }
static inline void vf_store(float *p, vf v) { _mm256_storeu_ps(p, v); }
static inline void vf_stream(float *p, vf v) { _mm256_stream_ps(p, v); }
static inline void vf_stream_end(void) { _mm_sfence(); }
static inline vf vf_add(vf a, vf b) { return _mm256_add_ps(a, b); }
static inline vf vf_sub(vf a, vf b) { return _mm256_sub_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm256_div_ps(a, b); }
static inline vf vf_max(vf a, vf b) { return _mm256_max_ps(a, b); }
static inline vf vf_min(vf a, vf b) { return _mm256_min_ps(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return _mm256_fmadd_ps(a, b, c); }
static inline vf vf_round(vf v) { return _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
static inline vi vf_to_vi(vf v) { return _mm256_cvtps_epi32(v); }
static inline vf vi_exp2(vi n) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
}
static inline float vf_sum(vf v) {
    __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    q = _mm_add_ps(q, _mm_movehl_ps(q, q));
    q = _mm_add_ss(q, _mm_movehdup_ps(q));
    return _mm_cvtss_f32(q);
}
static inline float vf_hmax(vf v) {
    __m128 q = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    q = _mm_max_ps(q, _mm_movehl_ps(q, q));
    q = _mm_max_ss(q, _mm_movehdup_ps(q));
    return _mm_cvtss_f32(q);
}
static inline vf vf_keep_ge(vf v, vf x, vf lo) { return _mm256_and_ps(v, _mm256_cmp_ps(x, lo, _CMP_GE_OQ)); }
static inline int vf_has_nan(vf v) { return _mm256_movemask_ps(_mm256_cmp_ps(v, v, _CMP_UNORD_Q)) != 0; }

#elif defined(SIMD_NEON)
#include <arm_neon.h>
#define SIMD_NAME "neon"
#define SIMD_SUFFIX(fn) fn##_neon
#define VF_N 4
typedef float32x4_t vf;
typedef int32x4_t vi;
static inline vf vf_zero(void) { return vdupq_n_f32(0.0f); }
static inline vf vf_set1(float x) { return vdupq_n_f32(x); }
static inline vf vf_load(const float *p) { return vld1q_f32(p); }
static inline void vf_store(float *p, vf v) { vst1q_f32(p, v); }
static inline void vf_stream(float *p, vf v) { vst1q_f32(p, v); }
static inline void vf_stream_end(void) {}
static inline vf vf_add(vf a, vf b) { return vaddq_f32(a, b); }
static inline vf vf_sub(vf a, vf b) { return vsubq_f32(a, b); }
static inline vf vf_mul(vf a, vf b) { return vmulq_f32(a, b); }
static inline vf vf_div(vf a, vf b) { return vdivq_f32(a, b); }
static inline vf vf_max(vf a, vf b) { return vmaxq_f32(a, b); }
static inline vf vf_min(vf a, vf b) { return vminq_f32(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return vfmaq_f32(c, a, b); }
static inline vf vf_round(vf v) { return vrndnq_f32(v); }
static inline vi vf_to_vi(vf v) { return vcvtnq_s32_f32(v); }
static inline vf vi_exp2(vi n) {
    return vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(n, vdupq_n_s32(127)), 23));
}
static inline float vf_sum(vf v) {
    float32x2_t h = vadd_f32(vget_low_f32(v), vget_high_f32(v));
    return vget_lane_f32(vpadd_f32(h, h), 0);
}
static inline float vf_hmax(vf v) { return vmaxvq_f32(v); }
static inline vf vf_keep_ge(vf v, vf x, vf lo) {
    return vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(v), vcgeq_f32(x, lo)));
}
static inline int vf_has_nan(vf v) { return vmaxvq_u32(vmvnq_u32(vceqq_f32(v, v))) != 0; }

#else
#error "simd.h: define SIMD_AVX512, SIMD_AVX512_EMUL, SIMD_AVX2 or SIMD_NEON before including it"
#endif

#endif
