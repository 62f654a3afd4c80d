/**
 * A sweep on a 3-node JetStream cluster (nats-server 2.9) survives losing a server: the harness of
 * tools/chaos/chaos.mjs --cluster with few noop trials, two workers and one server fault. The first case starts the
 * workers before `run` and passes --replicas nowhere, as people often do: the streams and buckets must follow the
 * cluster (R3) on their own; it SIGKILLs the server that leads the work-queue stream in the middle of stage one.
 * The second, at --replicas 3, kills one that leads nothing. Each restarts its victim after more results. Every planned trial must then be recorded once, and the leaderboard must be that
 * of the same spec run without the fault. docs/reliability.md has the figures of the full run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeNats } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { runChaos, summaryTable } from '../tools/chaos/harness.mjs';
import { killAllSeqsweepProcesses } from '../tools/chaos/processes.mjs';
import { stopAllChaosClusters } from '../tools/chaos/cluster-server.mjs';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

/** Few trials, so that the case is short; enough that stage one is still running when the server is killed. */
const SHORT = { trials: 24, workers: 2, workerKills: 0, serverRestarts: 1, coordinatorKills: 0, seed: 11, sleepMs: 150, serverDownResults: 4, timeoutMs: testDeadline(240_000) };

describeNats(requireNats, { describe, it })('a sweep on a 3-node cluster', () => {
  afterEach(async () => {
    await killAllSeqsweepProcesses();
    await stopAllChaosClusters();
  });

  async function survives(victim: 'leader' | 'idle', followCluster: boolean): Promise<readonly string[]> {
    const report = await runChaos({ ...SHORT, cluster: victim, followCluster });
    const summary = summaryTable(report).join('\n');
    console.log(`${summary}\n${report.chaos.events.join('\n')}`);
    expect(report.failures, summary).toEqual([]);
    expect(report.chaos.injected).toEqual({ workerKills: 0, serverRestarts: 1, coordinatorKills: 0 });
    expect(report.check).toMatchObject({
      planned: report.total, inResults: report.total, storedResults: report.total,
      lost: 0, duplicates: 0, unplanned: 0, failed: 0, stuck: 0, leftInQueue: 0, storedDuplicates: 0,
      sweepStatus: 'completed', leaderboardEqual: true,
    });
    expect(Object.values(report.replicas)).toEqual([3, 3, 3, 3, 3]);
    return report.chaos.events;
  }

  it('with workers first and no --replicas anywhere, records every trial once when the leader of the work-queue stream is SIGKILLed mid-stage', async () => {
    const events = await survives('leader', true);
    expect(events.join('\n')).toMatch(/SIGKILL nats-server n\d \(leader of chaos_TRIALS\)/);
  }, testDeadline(600_000));

  it('records every trial once when a server that leads nothing is SIGKILLed and restarted', async () => {
    const events = await survives('idle', false);
    expect(events.join('\n')).toMatch(/SIGKILL nats-server n\d \(leading nothing\)/);
  }, testDeadline(600_000));
});
