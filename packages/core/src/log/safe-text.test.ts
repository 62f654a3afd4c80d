import { describe, expect, it } from 'vitest';
import { safeText } from './safe-text.js';

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
});
