/*
 * WebAssembly SIMD kernels that run inside TF.js's WASM heap: they import its memory and take
 * byte offsets of tensors the JavaScript side (simd.ts) reads from BackendWasm. Built by
 * scripts/build-wasm-kernels.mjs (clang --target=wasm32 -msimd128, linked with wasm-ld
 * --import-memory) into simdModule.ts.
 *
 * Rules, because the memory belongs to TF.js: no static data, no stack (nothing whose address is
 * taken, no large locals), no libc. The build script rejects a module with a data or global
 * section, so a change that needs a stack fails the build instead of overwriting tensors.
 */
#include <wasm_simd128.h>

/*
 * Max-pooling gradient, NHWC, float32: each window passes dy to its first maximum in row-major
 * window order (running maximum from -inf, strict >), as TF.js's CPU backend does; windows are
 * clipped to the input (padding never wins). dx must be zero on entry. Four channels per step.
 */
__attribute__((export_name("max_pool_grad")))
void max_pool_grad(const float *x, const float *dy, float *dx, int n, int h, int w, int c, int oh, int ow,
                   int sh, int sw, int fh, int fw, int top, int left) {
  const int c4 = c & ~3;
  const v128_t neg_inf = wasm_f32x4_splat(-__builtin_inff());
  const v128_t none = wasm_i32x4_splat(-1);
  for (int b = 0; b < n; b++) {
    for (int r = 0; r < oh; r++) {
      int r0 = r * sh - top, r1 = r0 + fh;
      if (r0 < 0) r0 = 0;
      if (r1 > h) r1 = h;
      for (int q = 0; q < ow; q++) {
        int c0 = q * sw - left, c1 = c0 + fw;
        if (c0 < 0) c0 = 0;
        if (c1 > w) c1 = w;
        const float *g = dy + ((b * oh + r) * ow + q) * c;
        int d = 0;
        for (; d < c4; d += 4) {
          v128_t best = neg_inf, at = none;
          for (int xr = r0; xr < r1; xr++) {
            for (int xc = c0; xc < c1; xc++) {
              const int i = ((b * h + xr) * w + xc) * c + d;
              const v128_t v = wasm_v128_load(x + i);
              const v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              at = wasm_v128_bitselect(wasm_i32x4_splat(i), at, gt);
            }
          }
          const int a0 = wasm_i32x4_extract_lane(at, 0), a1 = wasm_i32x4_extract_lane(at, 1);
          const int a2 = wasm_i32x4_extract_lane(at, 2), a3 = wasm_i32x4_extract_lane(at, 3);
          if (a0 >= 0) dx[a0] += g[d];
          if (a1 >= 0) dx[a1 + 1] += g[d + 1];
          if (a2 >= 0) dx[a2 + 2] += g[d + 2];
          if (a3 >= 0) dx[a3 + 3] += g[d + 3];
        }
        for (; d < c; d++) {
          float best = -__builtin_inff();
          int at = -1;
          for (int xr = r0; xr < r1; xr++) {
            for (int xc = c0; xc < c1; xc++) {
              const int i = ((b * h + xr) * w + xc) * c + d;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += g[d];
        }
      }
    }
  }
}

/*
 * out[j] = sum over r of x[r * cols + j]: a bias gradient (dy summed over batch and space), row by
 * row so x streams through once and out stays in cache.
 */
__attribute__((export_name("sum_rows")))
void sum_rows(const float *x, float *out, int rows, int cols) {
  const int c4 = cols & ~3;
  for (int j = 0; j < cols; j++) out[j] = 0.0f;
  for (int r = 0; r < rows; r++) {
    const float *row = x + r * cols;
    int j = 0;
    for (; j < c4; j += 4) wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(out + j), wasm_v128_load(row + j)));
    for (; j < cols; j++) out[j] += row[j];
  }
}

/*
 * Convolution patches, NHWC: row m = (b, r, q) of p holds, for each filter tap (fr, fc) in order,
 * the ci input channels under it (zeros where the tap falls in the padding). So p · dW is the
 * convolution and pᵀ · dy its filter gradient.
 */
__attribute__((export_name("im2col")))
void im2col(const float *x, float *p, int n, int h, int w, int ci, int oh, int ow, int kh, int kw,
            int sh, int sw, int dh, int dw, int top, int left) {
  for (int b = 0; b < n; b++) {
    for (int r = 0; r < oh; r++) {
      for (int q = 0; q < ow; q++) {
        for (int fr = 0; fr < kh; fr++) {
          const int xr = r * sh - top + fr * dh;
          for (int fc = 0; fc < kw; fc++) {
            const int xc = q * sw - left + fc * dw;
            if (xr < 0 || xr >= h || xc < 0 || xc >= w) {
              for (int c = 0; c < ci; c++) p[c] = 0.0f;
            } else {
              const float *src = x + ((b * h + xr) * w + xc) * ci;
              for (int c = 0; c < ci; c++) p[c] = src[c];
            }
            p += ci;
          }
        }
      }
    }
  }
}

/*
 * out[k][c] += sum over m of a[m][k] * b[m][c] (out = aᵀ·b, accumulated into out): a filter
 * gradient (a = patches, b = dy) or a dense layer's weight gradient (a = x, b = dy). Rows of m are
 * taken in blocks that stay in cache; 4 k × 8 c accumulators live in registers, and each output
 * sums its terms in m order, as the CPU backend does.
 */
#define M_BLOCK 64
__attribute__((export_name("gemm_tn")))
void gemm_tn(const float *a, const float *b, float *out, int m, int k, int co) {
  for (int m0 = 0; m0 < m; m0 += M_BLOCK) {
    const int m1 = m0 + M_BLOCK < m ? m0 + M_BLOCK : m;
    int kk = 0;
    for (; kk + 4 <= k; kk += 4) {
      float *o0 = out + kk * co, *o1 = o0 + co, *o2 = o1 + co, *o3 = o2 + co;
      int c = 0;
      for (; c + 8 <= co; c += 8) {
        v128_t a00 = wasm_v128_load(o0 + c), a01 = wasm_v128_load(o0 + c + 4);
        v128_t a10 = wasm_v128_load(o1 + c), a11 = wasm_v128_load(o1 + c + 4);
        v128_t a20 = wasm_v128_load(o2 + c), a21 = wasm_v128_load(o2 + c + 4);
        v128_t a30 = wasm_v128_load(o3 + c), a31 = wasm_v128_load(o3 + c + 4);
        for (int i = m0; i < m1; i++) {
          const float *ar = a + i * k + kk;
          const v128_t d0 = wasm_v128_load(b + i * co + c), d1 = wasm_v128_load(b + i * co + c + 4);
          const v128_t s0 = wasm_f32x4_splat(ar[0]), s1 = wasm_f32x4_splat(ar[1]);
          const v128_t s2 = wasm_f32x4_splat(ar[2]), s3 = wasm_f32x4_splat(ar[3]);
          a00 = wasm_f32x4_add(a00, wasm_f32x4_mul(s0, d0)); a01 = wasm_f32x4_add(a01, wasm_f32x4_mul(s0, d1));
          a10 = wasm_f32x4_add(a10, wasm_f32x4_mul(s1, d0)); a11 = wasm_f32x4_add(a11, wasm_f32x4_mul(s1, d1));
          a20 = wasm_f32x4_add(a20, wasm_f32x4_mul(s2, d0)); a21 = wasm_f32x4_add(a21, wasm_f32x4_mul(s2, d1));
          a30 = wasm_f32x4_add(a30, wasm_f32x4_mul(s3, d0)); a31 = wasm_f32x4_add(a31, wasm_f32x4_mul(s3, d1));
        }
        wasm_v128_store(o0 + c, a00); wasm_v128_store(o0 + c + 4, a01);
        wasm_v128_store(o1 + c, a10); wasm_v128_store(o1 + c + 4, a11);
        wasm_v128_store(o2 + c, a20); wasm_v128_store(o2 + c + 4, a21);
        wasm_v128_store(o3 + c, a30); wasm_v128_store(o3 + c + 4, a31);
      }
      for (; c + 4 <= co; c += 4) {
        v128_t a0 = wasm_v128_load(o0 + c), a1 = wasm_v128_load(o1 + c), a2 = wasm_v128_load(o2 + c), a3 = wasm_v128_load(o3 + c);
        for (int i = m0; i < m1; i++) {
          const float *ar = a + i * k + kk;
          const v128_t d = wasm_v128_load(b + i * co + c);
          a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(ar[0]), d));
          a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_f32x4_splat(ar[1]), d));
          a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wasm_f32x4_splat(ar[2]), d));
          a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wasm_f32x4_splat(ar[3]), d));
        }
        wasm_v128_store(o0 + c, a0); wasm_v128_store(o1 + c, a1); wasm_v128_store(o2 + c, a2); wasm_v128_store(o3 + c, a3);
      }
      for (; c < co; c++) {
        float s0 = o0[c], s1 = o1[c], s2 = o2[c], s3 = o3[c];
        for (int i = m0; i < m1; i++) {
          const float *ar = a + i * k + kk;
          const float d = b[i * co + c];
          s0 += ar[0] * d; s1 += ar[1] * d; s2 += ar[2] * d; s3 += ar[3] * d;
        }
        o0[c] = s0; o1[c] = s1; o2[c] = s2; o3[c] = s3;
      }
    }
    for (; kk < k; kk++) {
      float *o = out + kk * co;
      int c = 0;
      for (; c + 4 <= co; c += 4) {
        v128_t acc = wasm_v128_load(o + c);
        for (int i = m0; i < m1; i++) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_splat(a[i * k + kk]), wasm_v128_load(b + i * co + c)));
        wasm_v128_store(o + c, acc);
      }
      for (; c < co; c++) {
        float s = o[c];
        for (int i = m0; i < m1; i++) s += a[i * k + kk] * b[i * co + c];
        o[c] = s;
      }
    }
  }
}

/* dst[c][r] = src[r][c] for src [rows, cols]: in tiles of 8 x 8 so reads and writes both stay in cache. */
__attribute__((export_name("transpose2d")))
void transpose2d(const float *src, float *dst, int rows, int cols) {
  for (int r0 = 0; r0 < rows; r0 += 8) {
    const int r1 = r0 + 8 < rows ? r0 + 8 : rows;
    for (int c0 = 0; c0 < cols; c0 += 8) {
      const int c1 = c0 + 8 < cols ? c0 + 8 : cols;
      for (int r = r0; r < r1; r++) {
        for (int c = c0; c < c1; c++) dst[c * rows + r] = src[r * cols + c];
      }
    }
  }
}

/*
 * out[i][j] = sum over c of a[i][c] * b[c][j] (out = a·b, b row-major [k, n]): a dense layer's
 * input gradient dy·Wᵀ once Wᵀ is laid out by transpose2d. 16 outputs of a row per step, each
 * summing its terms in c order.
 */
__attribute__((export_name("gemm_nn")))
void gemm_nn(const float *a, const float *b, float *out, int m, int k, int n) {
  for (int i = 0; i < m; i++) {
    const float *ar = a + i * k;
    float *o = out + i * n;
    int j = 0;
    for (; j + 16 <= n; j += 16) {
      v128_t c0 = wasm_f32x4_splat(0.0f), c1 = c0, c2 = c0, c3 = c0;
      for (int c = 0; c < k; c++) {
        const v128_t s = wasm_f32x4_splat(ar[c]);
        const float *br = b + c * n + j;
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(s, wasm_v128_load(br)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(s, wasm_v128_load(br + 4)));
        c2 = wasm_f32x4_add(c2, wasm_f32x4_mul(s, wasm_v128_load(br + 8)));
        c3 = wasm_f32x4_add(c3, wasm_f32x4_mul(s, wasm_v128_load(br + 12)));
      }
      wasm_v128_store(o + j, c0); wasm_v128_store(o + j + 4, c1); wasm_v128_store(o + j + 8, c2); wasm_v128_store(o + j + 12, c3);
    }
    for (; j + 4 <= n; j += 4) {
      v128_t acc = wasm_f32x4_splat(0.0f);
      for (int c = 0; c < k; c++) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_splat(ar[c]), wasm_v128_load(b + c * n + j)));
      wasm_v128_store(o + j, acc);
    }
    for (; j < n; j++) {
      float acc = 0.0f;
      for (int c = 0; c < k; c++) acc += ar[c] * b[c * n + j];
      o[j] = acc;
    }
  }
}
