// Fast tanh and sigmoid on f32x4: a [13/6] rational approximation of tanh on [-9, 9] (the form Eigen uses), exact
// to 3.3e-7 absolute; sigmoid(x) = 0.5 + 0.5 tanh(x / 2). src/kernels/fast-math.ts holds the same constants for
// the TypeScript fallback, and a test checks both against Math.tanh.

const CLAMP: f32 = 9.0;
const A1: f32 = 4.89352455891786e-3;
const A3: f32 = 6.37261928875436e-4;
const A5: f32 = 1.48572235717979e-5;
const A7: f32 = 5.12229709037114e-8;
const A9: f32 = -8.60467152213735e-11;
const A11: f32 = 2.00018790482477e-13;
const A13: f32 = -2.76076847742355e-16;
const B0: f32 = 4.89352518554385e-3;
const B2: f32 = 2.268434632439e-3;
const B4: f32 = 1.18534705686654e-4;
const B6: f32 = 1.19825839466702e-6;

@inline function fma(a: v128, b: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(a, b), f32x4.splat(c));
}

/** tanh of each lane. */
@inline export function tanh4(v: v128): v128 {
  const x = f32x4.min(f32x4.max(v, f32x4.splat(-CLAMP)), f32x4.splat(CLAMP));
  const x2 = f32x4.mul(x, x);
  let p = fma(x2, f32x4.splat(A13), A11);
  p = fma(p, x2, A9);
  p = fma(p, x2, A7);
  p = fma(p, x2, A5);
  p = fma(p, x2, A3);
  p = fma(p, x2, A1);
  p = f32x4.mul(p, x);
  let q = fma(x2, f32x4.splat(B6), B4);
  q = fma(q, x2, B2);
  q = fma(q, x2, B0);
  return f32x4.div(p, q);
}

/** The logistic sigmoid of each lane. */
@inline export function sigmoid4(v: v128): v128 {
  const half = f32x4.splat(0.5);
  return f32x4.add(half, f32x4.mul(half, tanh4(f32x4.mul(half, v))));
}
