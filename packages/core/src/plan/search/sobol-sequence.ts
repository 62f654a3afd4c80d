/**
 * The Sobol' sequence in base 2 with 32-bit direction numbers from Joe and Kuo's table, in Gray-code order (the
 * order of Antonov and Saleev, which scipy's `qmc.Sobol` also draws), and its randomisation by a linear matrix
 * scramble and a digital shift (Matoušek 1998), which keep every net property of the sequence.
 */
import type { Rng } from '../rng.js';
import { JOE_KUO_ROWS } from './sobol-directions.js';

const BITS = 32;
const TWO_POW_32 = 2 ** 32;

/** How many dimensions the direction-number table covers. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO_ROWS.length + 1;

function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [s, a, ...initial] = JOE_KUO_ROWS[dimension - 1]!;
  const m = new Array<number>(BITS);
  for (let k = 0; k < BITS; k++) {
    if (k < s!) {
      m[k] = initial[k]!;
      continue;
    }
    // Joe and Kuo's recurrence: m_k = 2^s m_{k-s} xor m_{k-s} xor the sum over the polynomial's inner terms.
    let mk = (m[k - s!]! * 2 ** s!) ^ m[k - s!]!;
    for (let i = 1; i < s!; i++) {
      if ((a! >>> (s! - 1 - i)) & 1) mk ^= m[k - i]! * 2 ** i;
    }
    m[k] = mk >>> 0;
  }
  // m_k has at most k + 1 bits, so the shift keeps it in 32 bits.
  for (let k = 0; k < BITS; k++) v[k] = (m[k]! * 2 ** (BITS - 1 - k)) >>> 0;
  return v;
}

const TABLE: Uint32Array[] = [];
function directions(dimension: number): Uint32Array {
  TABLE[dimension] ??= directionNumbers(dimension);
  return TABLE[dimension];
}

const parity = (x: number): number => {
  let y = x ^ (x >>> 16);
  y ^= y >>> 8;
  y ^= y >>> 4;
  y ^= y >>> 2;
  y ^= y >>> 1;
  return y & 1;
};

/** A random lower-triangular binary matrix with a unit diagonal, row r as a mask over the 32 digits (MSB first). */
function scrambleRows(rng: Rng): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let r = 0; r < BITS; r++) {
    const above = r === 0 ? 0 : (0xffffffff << (BITS - r)) >>> 0;
    const draw = Math.floor(rng.next() * TWO_POW_32);
    rows[r] = ((draw & above) | (2 ** (BITS - 1 - r))) >>> 0;
  }
  return rows;
}

function scrambled(v: Uint32Array, rows: Uint32Array): Uint32Array {
  return v.map((x) => {
    let out = 0;
    for (let r = 0; r < BITS; r++) if (parity(x & rows[r]!)) out |= 2 ** (BITS - 1 - r);
    return out >>> 0;
  });
}

/** A Sobol' sequence of `dimensions` coordinates, plain or randomised, from which any point can be read directly. */
export class SobolSequence {
  readonly #v: Uint32Array[];
  readonly #shift: Uint32Array;

  /**
   * @param rng With a generator, the sequence is scrambled (a random linear matrix scramble per dimension and a
   * random digital shift); without one it is the plain sequence, whose first point is the origin.
   * @throws {RangeError} for more dimensions than the table holds.
   */
  constructor(readonly dimensions: number, rng?: Rng) {
    if (dimensions > SOBOL_MAX_DIMENSIONS) {
      throw new RangeError(`sobol draws at most ${SOBOL_MAX_DIMENSIONS} dimensions (Joe and Kuo's table in sobol-directions.ts); this space has ${dimensions}`);
    }
    this.#v = Array.from({ length: dimensions }, (_, j) => (rng ? scrambled(directions(j), scrambleRows(rng)) : directions(j)));
    this.#shift = Uint32Array.from({ length: dimensions }, () => (rng ? Math.floor(rng.next() * TWO_POW_32) : 0));
  }

  /** Point `index` (0 to 2^32 - 1) in [0, 1)^dimensions. */
  point(index: number): number[] {
    if (!(Number.isInteger(index) && index >= 0 && index < TWO_POW_32)) throw new RangeError(`a Sobol' index is a whole number below 2^32, got ${index}`);
    const gray = (index ^ Math.floor(index / 2)) >>> 0;
    return this.#v.map((v, j) => {
      let x = this.#shift[j]!;
      for (let k = 0, g = gray; g !== 0; k++, g >>>= 1) if (g & 1) x ^= v[k]!;
      return (x >>> 0) / TWO_POW_32;
    });
  }
}
