import { describe, expect, it } from 'vitest';
import { testDeadline, testTimeoutScale, waitForOptions } from './test-deadline.js';

describe('testDeadline', () => {
  it('leaves deadlines as they are without SEQSWEEP_TEST_TIMEOUT_SCALE', () => {
    expect(testTimeoutScale({})).toBe(1);
    expect(testTimeoutScale({ SEQSWEEP_TEST_TIMEOUT_SCALE: '' })).toBe(1);
    expect(testDeadline(1500, {})).toBe(1500);
  });

  it('multiplies every deadline by the scale, rounding up to a whole millisecond', () => {
    expect(testDeadline(1000, { SEQSWEEP_TEST_TIMEOUT_SCALE: '3' })).toBe(3000);
    expect(testDeadline(1000, { SEQSWEEP_TEST_TIMEOUT_SCALE: '0.5' })).toBe(500);
    expect(testDeadline(10, { SEQSWEEP_TEST_TIMEOUT_SCALE: '1.25' })).toBe(13);
  });

  it('refuses a scale that is not a positive number, naming the variable', () => {
    for (const bad of ['0', '-2', 'fast', 'Infinity']) {
      expect(() => testTimeoutScale({ SEQSWEEP_TEST_TIMEOUT_SCALE: bad })).toThrow(/SEQSWEEP_TEST_TIMEOUT_SCALE=.* is not a positive number/);
    }
  });

  it('gives vi.waitFor a scaled deadline', () => {
    expect(waitForOptions(2000)).toEqual({ timeout: testDeadline(2000), interval: 20 });
  });
});
