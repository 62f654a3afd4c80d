import { describe, expect, it } from 'vitest';
import { safeResult, safeText, SAFE_ERROR_MAX } from './safe-text.js';

describe('safeText', () => {
  it('escapes newlines, terminal escapes and bidi controls', () => {
    expect(safeText('a\nsweep completed')).toBe('a\\nsweep completed');
    expect(safeText('\u001b]0;pwned\u0007x')).toBe('\\x1b]0;pwned\\x07x');
    expect(safeText('ab\u202ecd')).toBe('ab\\u202ecd');
    expect(safeText('\u009b31m')).toBe('\\x9b31m');
  });
  it('keeps ordinary text, accents and emoji', () => {
    expect(safeText('worker-1@höst 🚀')).toBe('worker-1@höst 🚀');
  });
  it('caps the length with an ellipsis and never leaves half an escape', () => {
    expect(safeText('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
    const cut = safeText(`${'x'.repeat(8)}\u001b`, 10);
    expect(cut).toBe(`${'x'.repeat(8)}…`);
    expect(safeText('🚀🚀🚀', 2)).toBe('🚀…');
  });
  it('shows non-strings through String', () => {
    expect(safeText(42)).toBe('42');
  });

  it('safeResult escapes and caps the worker name and the error, and nothing else', () => {
    const r = { worker: 'w\nsweep completed', error: `\u001b]0;t\u0007${'e'.repeat(5000)}`, metrics: { valLoss: 1 } };
    const safe = safeResult(r);
    expect(safe.worker).toBe('w\\nsweep completed');
    expect(safe.error.startsWith('\\x1b]0;t\\x07')).toBe(true);
    expect(Array.from(safe.error)).toHaveLength(SAFE_ERROR_MAX);
    expect(safe.metrics).toBe(r.metrics);
    expect(safeResult({ worker: 'w' })).toEqual({ worker: 'w' });
  });
});
