/**
 * The short load run inside npm test: tools/chaos/load.mjs's machinery with 6 workers and sweeps of 300 and 1,500
 * noop trials over a real nats-server. Every trial is recorded once, and neither the coordinator's peak RSS nor the
 * overhead per trial grows with the sweep's size beyond the limits the full run uses. docs/reliability.md has the
 * figures of the full run (20 workers, 1,000 and 10,000 trials).
 */
import { describe, expect, it } from 'vitest';
import { describeNats } from '@seqsweep/transport-nats/testing';
import { loadProblems, ratios, runLoad } from '../tools/chaos/load-run.mjs';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

describeNats(requireNats, { describe, it })('load (short run)', () => {
  it('records every trial once, with bounded coordinator memory and a per-trial overhead that does not grow', async () => {
    const report = await runLoad({ workers: 6, sizes: [300, 1500] });
    const r = ratios(report);
    console.log(`load (short): ${JSON.stringify({ fixed: report.fixed.wallMs, rows: report.rows.map((x) => [x.trials, x.wallMs, x.perTrialMs, x.peakRssMiB]), ...r })}`);
    expect(loadProblems(report)).toEqual([]);
    expect(report.workersAlive).toBe(6);
    for (const row of report.rows) {
      expect(row.unique).toBe(row.trials);
      expect(row.recorded).toBe(row.trials);
      expect(row.completed).toBe(row.trials);
    }
    expect(r.rssRatio).toBeLessThan(2);
    expect(r.perTrialRatio).toBeLessThan(1.5);
  }, 180_000);
});
