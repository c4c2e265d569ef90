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
