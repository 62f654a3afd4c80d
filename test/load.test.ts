/**
 * The short load run inside npm test: tools/chaos/load.mjs's machinery with 4 workers and sweeps of 200 and 1,000
 * noop trials over a real nats-server. Every trial is recorded once, every worker is alive at the end, and the
 * coordinator's peak RSS stays under an absolute limit. Nothing here judges a timing or a ratio of timings (a
 * busy machine moves them): the figures are printed, and tools/chaos/load.mjs holds the full run to its ratios,
 * with the figures in docs/reliability.md (20 workers, 1,000 and 10,000 trials).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeNats } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { killAllSeqsweepProcesses } from '../tools/chaos/processes.mjs';
import { correctnessProblems, ratios, runLoad } from '../tools/chaos/load-run.mjs';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
/** Four times the 248 MiB the full run's coordinator peaked at with 10,000 trials: far above any healthy run. */
const COORDINATOR_RSS_LIMIT_MIB = 1024;

describeNats(requireNats, { describe, it })('load (short run)', () => {
  // The harness stops its processes itself; this is for a run that ends some other way (a vitest timeout).
  afterEach(killAllSeqsweepProcesses);

  it('records every trial once, keeps every worker alive, and holds the coordinator under an absolute memory limit', async () => {
    const report = await runLoad({ workers: 4, sizes: [200, 1000] });
    // For the reader only: timings on a shared machine are not a verdict.
    console.log(`load (short): ${JSON.stringify({ fixed: report.fixed.wallMs, rows: report.rows.map((x) => [x.trials, x.wallMs, x.perTrialMs, x.peakRssMiB]), ...ratios(report) })}`);
    expect(correctnessProblems(report)).toEqual([]);
    expect(report.workersAlive).toBe(4);
    for (const row of [report.fixed, ...report.rows]) {
      expect(row.unique).toBe(row.trials);
      expect(row.recorded).toBe(row.trials);
      expect(row.completed).toBe(row.trials);
      expect(row.rssSamples).toBeGreaterThan(0);
      expect(row.peakRssMiB).toBeLessThan(COORDINATOR_RSS_LIMIT_MIB);
    }
  }, testDeadline(180_000));
});
