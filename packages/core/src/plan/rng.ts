/**
 * The seeded random number generator behind every random choice in seqsweep (data, folds, weight init,
 * shuffling). It is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128 bits of state), seeded from
 * the SHA-256 of the seed and a label, so that each use draws from its own stream and the same seed gives the
 * same numbers on every machine.
 */
import { createHash } from 'node:crypto';

/** Anything indexable and writable by position: arrays and typed arrays. */
export interface MutableArrayLike<T> {
  length: number;
  [index: number]: T;
}

/** A deterministic random number generator. */
export interface Rng {
  /** A uniform number in [0, 1), with 32 bits of randomness. */
  next(): number;
  /** A whole number in [0, n) for a whole `n` from 1 to 2^32, uniform but for a bias below n / 2^32. */
  int(n: number): number;
  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A;
  /** A standard normal number (mean 0, standard deviation 1), by the Marsaglia polar method. */
  normal(): number;
  /** Where the generator stands: {@link restoreRng} makes a generator that draws on from here. */
  state(): RngState;
}

/**
 * A generator's position: its four 32-bit words (as signed integers) and the second normal number of the last
 * pair, when one is waiting. Plain JSON.
 */
export interface RngState {
  readonly words: readonly [number, number, number, number];
  readonly spare: number | null;
}

const TWO_POW_32 = 4294967296;

class Sfc32 implements Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spare: number | undefined;

  constructor(a: number, b: number, c: number, d: number, mix = true) {
    this.#a = a | 0;
    this.#b = b | 0;
    this.#c = c | 0;
    this.#d = d | 0;
    // Mix the seed through the state before the first number is drawn.
    if (mix) for (let i = 0; i < 12; i++) this.next();
  }

  state(): RngState {
    return { words: [this.#a, this.#b, this.#c, this.#d], spare: this.#spare ?? null };
  }

  static restore(state: RngState): Sfc32 {
    const rng = new Sfc32(...state.words, false);
    if (state.spare !== null) rng.#spare = state.spare;
    return rng;
  }

  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / TWO_POW_32;
  }

  int(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32 && Number.isInteger(n))) throw new RangeError(`rng.int needs a whole number from 1 to 2^32, got ${n}`);
    return Math.floor(this.next() * n);
  }

  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  normal(): number {
    if (this.#spare !== undefined) {
      const spare = this.#spare;
      this.#spare = undefined;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spare = v * scale;
    return u * scale;
  }
}

/**
 * A generator seeded by `seed` (the spec's seed) and `label`, which names the use (`holdout`, `kfold`,
 * `data:toy`, `init`, ...): different labels give independent streams from one seed.
 */
export function createRng(seed: number, label = ''): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`an rng seed must be a finite number, got ${seed}`);
  const digest = createHash('sha256').update(`seqsweep-rng\0${seed}\0${label}`).digest();
  return new Sfc32(digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12));
}

/**
 * A generator that draws on from `state` (from {@link Rng.state}): the numbers the saved generator would have drawn
 * next. Throws a RangeError for a state that no generator could have had.
 */
export function restoreRng(state: RngState): Rng {
  const { words, spare } = state;
  if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 31)) {
    throw new RangeError(`an rng state needs four signed 32-bit words, got ${JSON.stringify(words)}`);
  }
  if (spare !== null && !Number.isFinite(spare)) throw new RangeError(`an rng state's spare normal must be a finite number or null, got ${spare}`);
  return Sfc32.restore(state);
}
