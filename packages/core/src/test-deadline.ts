/**
 * Deadlines for tests, scaled by one setting: `SEQSWEEP_TEST_TIMEOUT_SCALE` (default 1). Every base deadline in
 * the suite is chosen to hold on a machine 4x slower than the one the suite was written on; a slower or busier
 * machine still can set the scale (e.g. 3) instead of editing tests. Only tests and the vitest configs use this:
 * no production code path reads the variable.
 */

/** The variable that scales every test deadline. */
export const TEST_TIMEOUT_SCALE_VARIABLE = 'SEQSWEEP_TEST_TIMEOUT_SCALE';

/**
 * The factor every test deadline is multiplied by: `SEQSWEEP_TEST_TIMEOUT_SCALE` as a positive number, 1 where
 * unset or empty. Throws on anything else, since a typo silently ignored would bring the flakes back.
 */
export function testTimeoutScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TEST_TIMEOUT_SCALE_VARIABLE]?.trim();
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`${TEST_TIMEOUT_SCALE_VARIABLE}=${JSON.stringify(raw)} is not a positive number: set it to e.g. 2, or unset it for 1`);
  }
  return scale;
}

/** `ms` (a base deadline that holds on a machine 4x slower than this one) times {@link testTimeoutScale}. */
export function testDeadline(ms: number, env: NodeJS.ProcessEnv = process.env): number {
  return Math.ceil(ms * testTimeoutScale(env));
}

/** Options for `vi.waitFor`: a scaled deadline (10 s at scale 1, against vitest's own 1 s) and a short interval. */
export function waitForOptions(ms = 10_000): { timeout: number; interval: number } {
  return { timeout: testDeadline(ms), interval: 20 };
}
