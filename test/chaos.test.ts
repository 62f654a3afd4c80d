/**
 * The short chaos run inside npm test: the harness of tools/chaos/chaos.mjs with fewer trials and faults. A noop
 * sweep over a real nats-server with file storage meets worker SIGKILLs, a server restart and a coordinator SIGKILL
 * followed by `seqsweep resume`; then every planned trial must be in results.json once, and the leaderboard must be
 * that of the same spec run without faults. docs/reliability.md has the figures of the full run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeNats } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { killAllSeqsweepProcesses } from '../tools/chaos/processes.mjs';
import { runChaos, summaryTable } from '../tools/chaos/harness.mjs';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

describeNats(requireNats, { describe, it })('chaos (short run)', () => {
  // The harness stops its processes itself; this is for a run that ends some other way (a vitest timeout).
  afterEach(killAllSeqsweepProcesses);

  it('loses no trial and runs none twice through worker kills, a server restart and a coordinator kill + resume', async () => {
    const report = await runChaos({ trials: 40, workers: 3, workerKills: 3, serverRestarts: 1, coordinatorKills: 1, seed: 7, sleepMs: 200, timeoutMs: testDeadline(240_000) });
    const summary = summaryTable(report).join('\n');
    console.log(`${summary}\n${report.chaos.events.join('\n')}`);
    expect(report.failures, summary).toEqual([]);
    expect(report.chaos.injected).toEqual({ workerKills: 3, serverRestarts: 1, coordinatorKills: 1 });
    expect(report.check).toMatchObject({
      planned: report.total, inResults: report.total, storedResults: report.total,
      lost: 0, duplicates: 0, unplanned: 0, failed: 0, stuck: 0, leftInQueue: 0, storedDuplicates: 0,
      sweepStatus: 'completed', leaderboardEqual: true,
    });
  }, testDeadline(300_000));
});
