import { describe, expect, it } from 'vitest';
import { LogLimiter } from './log-limiter.js';

function limiter(options: { perKey?: number; total?: number } = {}): { l: LogLimiter; lines: string[]; clock: { t: number } } {
  const lines: string[] = [];
  const clock = { t: 1_000_000 };
  const l = new LogLimiter((line) => lines.push(line), { ...options, intervalMs: 10_000, now: () => clock.t });
  return { l, lines, clock };
}

describe('LogLimiter', () => {
  it('lets the first few lines of a key through, counts the rest, and writes the count once the interval ends', () => {
    const { l, lines, clock } = limiter({ perKey: 3 });
    const allowed = Array.from({ length: 10 }, () => l.allow('a.trials.s'));
    expect(allowed).toEqual([true, true, true, false, false, false, false, false, false, false]);
    clock.t += 9_999;
    l.flush();
    expect(lines).toEqual([]);
    clock.t += 1;
    l.flush();
    expect(lines).toEqual(['7 more invalid messages on a.trials.s in the last 10 s']);
    // A new interval starts afresh.
    expect(l.allow('a.trials.s')).toBe(true);
    l.flush();
    expect(lines).toHaveLength(1);
  });

  it('keeps keys apart, and writes nothing for a key that stayed under its limit', () => {
    const { l, lines, clock } = limiter({ perKey: 2 });
    for (let i = 0; i < 5; i++) l.allow('x');
    expect([l.allow('y'), l.allow('y')]).toEqual([true, true]);
    clock.t += 10_000;
    l.flush();
    expect(lines).toEqual(['3 more invalid messages on x in the last 10 s']);
  });

  it('writes the count of an interval that ended when the next line of its key comes, before that line', () => {
    const { l, lines, clock } = limiter({ perKey: 1 });
    l.allow('k');
    l.allow('k');
    clock.t += 25_000;
    expect(l.allow('k')).toBe(true);
    expect(lines).toEqual(['1 more invalid messages on k in the last 10 s']);
  });

  it('caps the lines of all keys together, so many subjects cannot flood either', () => {
    const { l, lines, clock } = limiter({ perKey: 5, total: 4 });
    const allowed = Array.from({ length: 10 }, (_, i) => l.allow(`s${i}`));
    expect(allowed.filter(Boolean)).toHaveLength(4);
    clock.t += 10_000;
    l.flush();
    expect(lines).toHaveLength(6);
    expect(lines.every((line) => /^1 more invalid messages on s\d in the last 10 s$/.test(line))).toBe(true);
  });

  it('close writes what is pending, with the time it covers so far', () => {
    const { l, lines, clock } = limiter({ perKey: 1 });
    l.allow('k');
    l.allow('k');
    l.allow('k');
    clock.t += 3_000;
    l.close();
    expect(lines).toEqual(['2 more invalid messages on k in the last 3 s']);
    l.close();
    expect(lines).toHaveLength(1);
  });
});
