/**
 * Setup file of the e2e package: whatever a test started and did not stop is stopped after it, and whatever a
 * file's hooks started is stopped after the file, even when assertions failed on the way.
 */
import { afterAll, afterEach, beforeEach } from 'vitest';
import { markTest, stopTestProcesses } from './processes.js';

beforeEach(() => markTest(true));
afterEach(async () => {
  markTest(false);
  await stopTestProcesses('test');
});
afterAll(async () => {
  await stopTestProcesses('all');
});
