/**
 * Stable ids of grid points and trials: hashes of canonical JSON, so the same point or trial has the same id on
 * every machine and in every run, and a repeated publish of a trial is recognised as a duplicate.
 */
import { createHash } from 'node:crypto';
import type { Params, Stage } from '../messages.js';

/**
 * JSON with object keys sorted at every level, so equal values always give equal text.
 * `undefined` object values are left out, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The id of a grid point: `p-` and 12 hex digits of the SHA-256 of its canonical JSON. */
export function pointId(params: Params): string {
  return `p-${sha256Hex(canonicalJson(params)).slice(0, 12)}`;
}

/** What identifies a trial. `fold` is -1 for the final stage. */
export interface TrialKey {
  readonly sweepId: string;
  readonly stage: Stage;
  readonly params: Params;
  readonly fold: number;
  readonly seed: number;
  /** Successive halving's rung, from 0; rung 0 (or none) gives the id the trial has without halving. */
  readonly rung?: number;
}

/** The id of a trial: `t-` and 16 hex digits of the SHA-256 of the canonical JSON of its key. */
export function trialId(key: TrialKey): string {
  const { sweepId, stage, params, fold, seed, rung } = key;
  const keyed = rung ? { sweepId, stage, params, fold, seed, rung } : { sweepId, stage, params, fold, seed };
  return `t-${sha256Hex(canonicalJson(keyed)).slice(0, 16)}`;
}
