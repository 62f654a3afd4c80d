/**
 * Benchmark surfaces: standard test functions of black-box optimisation with known minima, which the `noop` task
 * reports as a trial's loss, so that search strategies are measured in seconds through the real coordinator and
 * workers. Formulas and domains as in Surjanovic and Bingham's Virtual Library of Simulation Experiments.
 */
import type { Params } from '../../messages.js';
import type { Rng } from '../rng.js';

/** A test function of `dimension` variables, read from the point's keys `x1` ... `xd`. */
export interface Surface {
  readonly dimension: number;
  /** `[low, high]` of each variable: its standard domain. */
  readonly domain: readonly (readonly [number, number])[];
  /** The known global minimum over the domain. */
  readonly minimum: number;
  /** A point where the minimum is reached. */
  readonly argmin: readonly number[];
  readonly evaluate: (x: readonly number[]) => number;
}

const QUADRATIC_CENTRE = [1, -1, 2, -2];

const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((p) => p * 1e-4));

const repeat = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

/** The surfaces by name. */
export const SURFACES = {
  /** Σ (x_i − c_i)² over [−5, 5]^4 with c = (1, −1, 2, −2): minimum 0 at c, off the domain's centre. */
  quadratic: {
    dimension: 4,
    domain: repeat(4, [-5, 5] as const),
    minimum: 0,
    argmin: QUADRATIC_CENTRE,
    evaluate: (x) => x.reduce((s, xi, i) => s + (xi - QUADRATIC_CENTRE[i]!) ** 2, 0),
  },
  /** Branin-Hoo over x1 in [−5, 10], x2 in [0, 15]: three global minima of 0.397887, one at (π, 2.275). */
  branin: {
    dimension: 2,
    domain: [[-5, 10], [0, 15]],
    minimum: 0.39788735772973816,
    argmin: [Math.PI, 2.275],
    evaluate: ([x1 = 0, x2 = 0]) => {
      const b = 5.1 / (4 * Math.PI ** 2);
      const c = 5 / Math.PI;
      const t = 1 / (8 * Math.PI);
      return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
    },
  },
  /** Hartmann 6-D over [0, 1]^6: minimum −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). */
  hartmann6: {
    dimension: 6,
    domain: repeat(6, [0, 1] as const),
    minimum: -3.3223680114155147,
    argmin: [0.20168952, 0.15001069, 0.47687398, 0.27533243, 0.31165162, 0.65730054],
    evaluate: (x) => -HARTMANN_ALPHA.reduce((s, alpha, i) => s + alpha * Math.exp(-x.reduce((e, xj, j) => e + HARTMANN_A[i]![j]! * (xj - HARTMANN_P[i]![j]!) ** 2, 0)), 0),
  },
  /** Rosenbrock over [−5, 10]^4: minimum 0 at (1, 1, 1, 1), at the end of a long curved valley. */
  rosenbrock: {
    dimension: 4,
    domain: repeat(4, [-5, 10] as const),
    minimum: 0,
    argmin: repeat(4, 1),
    evaluate: (x) => x.slice(0, -1).reduce((s, xi, i) => s + 100 * (x[i + 1]! - xi ** 2) ** 2 + (xi - 1) ** 2, 0),
  },
} as const satisfies Record<string, Surface>;

export type SurfaceName = keyof typeof SURFACES;
/** The names `task.surface` accepts. */
export const SURFACE_NAMES = ['quadratic', 'branin', 'hartmann6', 'rosenbrock'] as const satisfies readonly SurfaceName[];

/** The keys a surface reads: `x1` ... `xd`. */
export const surfaceKeys = (name: SurfaceName): string[] => Array.from({ length: SURFACES[name].dimension }, (_, i) => `x${i + 1}`);

/** Any `x` key a point of a surface task may carry: `x1` to `x99`; those beyond the surface's dimension have no effect. */
export const SURFACE_KEY = /^x[1-9][0-9]?$/;

/**
 * The value of surface `name` at a point's `x1` ... `xd`, plus Gaussian noise of standard deviation `noise` drawn
 * from `rng` (needed when `noise` > 0).
 * @throws {Error} for a point that lacks one of the keys or gives it a value that is not a finite number.
 */
export function surfaceValue(name: SurfaceName, params: Params, noise = 0, rng?: Rng): number {
  const x = surfaceKeys(name).map((key) => {
    const v = params[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`surface ${name} needs a number for ${key}; the point gives ${JSON.stringify(v)}`);
    return v;
  });
  const value = SURFACES[name].evaluate(x);
  if (noise <= 0) return value;
  if (!rng) throw new Error('surfaceValue needs an rng for noise');
  return value + noise * rng.normal();
}
