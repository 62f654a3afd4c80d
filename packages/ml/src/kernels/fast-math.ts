/**
 * Fast tanh and sigmoid for the fused LSTM's TypeScript fallback: the same [13/6] rational approximation of tanh on
 * [-9, 9] as the WebAssembly kernels (assembly/activations.ts), within 3.3e-7 of Math.tanh.
 */

const CLAMP = 9;
const A1 = 4.89352455891786e-3;
const A3 = 6.37261928875436e-4;
const A5 = 1.48572235717979e-5;
const A7 = 5.12229709037114e-8;
const A9 = -8.60467152213735e-11;
const A11 = 2.00018790482477e-13;
const A13 = -2.76076847742355e-16;
const B0 = 4.89352518554385e-3;
const B2 = 2.268434632439e-3;
const B4 = 1.18534705686654e-4;
const B6 = 1.19825839466702e-6;

/** tanh(v), within 3.3e-7. */
export function fastTanh(v: number): number {
  const x = v < -CLAMP ? -CLAMP : v > CLAMP ? CLAMP : v;
  const x2 = x * x;
  const p = x * (A1 + x2 * (A3 + x2 * (A5 + x2 * (A7 + x2 * (A9 + x2 * (A11 + x2 * A13))))));
  const q = B0 + x2 * (B2 + x2 * (B4 + x2 * B6));
  return p / q;
}

/** The logistic sigmoid, as 0.5 + 0.5 tanh(v / 2). */
export function fastSigmoid(v: number): number {
  return 0.5 + 0.5 * fastTanh(0.5 * v);
}
