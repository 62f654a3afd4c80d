/** Text formatting shared by the components and the plain-line fallback. */
import { paramText, type Params } from '@seqsweep/core';

/** The first 8 characters of an id (trial and point ids are long hashes). */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** A metric value in at most 9 characters: `digits` significant digits, exponent form for very small or large values. */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (typeof v !== 'number' || Number.isNaN(v)) return '-';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(Math.max(0, digits - 2));
  return String(Number(v.toPrecision(digits)));
}

/** A parameter value as the screen shows it (core's `paramText`: 3 significant digits); `-` for none. */
export function formatParam(v: Params[string] | undefined): string {
  return v === undefined || v === null ? '-' : paramText(v);
}

/** A duration as `12s`, `3m05s` or `1h02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Cuts `text` to `width` characters, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Pads or cuts `text` to exactly `width` characters. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const t = truncate(text, width);
  return align === 'left' ? t.padEnd(width) : t.padStart(width);
}

/** `key=value` pairs of the given keys, for labels. */
export function paramsLabel(params: Params, keys: readonly string[]): string {
  return keys.map((k) => `${k}=${formatParam(params[k])}`).join(' ');
}

/** A camelCase option name shortened to its initials: `learningRate` → `lr`. */
export function abbreviate(key: string): string {
  return (key[0] ?? '') + key.slice(1).replace(/[^A-Z0-9]/g, '').toLowerCase();
}

/** `k=v` pairs with keys abbreviated (`lr=0.01 hs=16`), or with full keys where two abbreviations collide. */
export function compactLabel(params: Params, keys: readonly string[]): string {
  const short = keys.map(abbreviate);
  const names = new Set(short).size === short.length ? short : keys;
  return keys.map((k, i) => `${names[i]}=${formatParam(params[k])}`).join(' ');
}
