/**
 * No hang by forgery, over a real nats-server (issue 22, attacks 1 to 3). A worker-role client sends a garbled
 * result for a real trial, with the message id that the coordinator's own replacement results used to carry
 * (`<sweepId>/<trialId>`), every 100 ms until the sweep has ended (a minute at most); it also sends results for trials that are not published yet
 * (an evaluate result during stage one, a final result for a point that is not chosen). The sweep still ends, with
 * the garbled trial recorded as failed for the reason that it was, and no forged result counts anywhere.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeMessage, expandGrid, parseSpec, planFinal, planStage, type TrialAssignment, type TrialResult, type Transport,
} from '@seqsweep/core';
import { testDeadline } from '@seqsweep/core/testing';
import { Coordinator, type SweepEvent } from '@seqsweep/coordinator';
import { connectNats, type NatsTransport } from '@seqsweep/transport-nats';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { connect, headers } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

const FLOOD_MS = 60_000;
const EVERY_MS = 100;
const PREFIX = 'flood';

const spec = parseSpec({
  name: 'flood', seed: 2, task: { name: 'noop' }, model: { name: 'lstm-ae' },
  grid: { learningRate: [0.1, 0.01, 0.001] },
  stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } },
});
const score = (a: TrialAssignment): number => Number(a.params.learningRate) + (a.split.kind === 'kfold' ? a.split.fold * 1e-6 : 0);

function resultFor(a: TrialAssignment, valLoss: number, worker: string): TrialResult {
  const metrics = { valLoss, ...(a.stage === 'final' ? { testLoss: valLoss } : {}) };
  return {
    sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold: a.split.kind === 'kfold' ? a.split.fold : -1,
    status: 'completed', metrics, history: [metrics], bestEpoch: 0, worker, attempts: 1, durationMs: 1, backend: 'none', finishedAt: new Date().toISOString(),
  };
}

/** A worker that trains nothing: it answers each trial with its score, over its own connection. */
function honestWorker(transport: Transport, signal: AbortSignal): Promise<void> {
  return (async () => {
    for (;;) {
      const lease = await transport.pullTrial({ signal });
      if (!lease) return;
      await transport.publishResult(resultFor(lease.assignment, score(lease.assignment), 'honest'));
      await lease.ack();
    }
  })();
}

describeNats(requireNats, { describe, it })('forged results over a real nats-server', () => {
  let server: NatsServerHandle;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a garbled result re-sent with the real message id every 100 ms does not keep the sweep from ending', async () => {
    const sweepId = 'flood-1';
    const points = expandGrid(spec.grid);
    const [target] = planStage({ spec, sweepId, stage: 'filter', points });
    const worst = points.find((p) => p.learningRate === 0.1)!;
    const early = [
      resultFor(planStage({ spec, sweepId, stage: 'evaluate', points: [worst] })[0]!, -1000, 'forger'),
      resultFor(planFinal({ spec, sweepId, params: worst }), -1000, 'forger'),
    ];
    const coordinatorSide: NatsTransport = await connectNats({ servers: server.url, prefix: PREFIX });
    const workerSide: NatsTransport = await connectNats({ servers: server.url, prefix: PREFIX });
    const nc = await connect({ servers: server.url });
    const js = jetstream(nc);
    const stop = new AbortController();
    let flood: NodeJS.Timeout | undefined;
    let floodEnd: NodeJS.Timeout | undefined;
    let worker: Promise<void> | undefined;
    try {
      await coordinatorSide.ensureSweep(sweepId, { ackWaitMs: 1000, maxDeliver: 2 });
      const subject = `${PREFIX}.results.${sweepId}.${target!.trialId}`;
      const h = headers();
      h.set('Nats-Msg-Id', `${sweepId}/${target!.trialId}`);
      let sent = 0;
      const send = (): void => {
        sent++;
        // Refused (the subject is held) is the expected answer most of the time.
        js.publish(subject, new TextEncoder().encode(`{"garbled": ${sent}`), { headers: h }).catch(() => undefined);
      };
      send();
      for (const r of early) await js.publish(`${PREFIX}.results.${sweepId}.${r.trialId}`, encodeMessage(r));
      flood = setInterval(send, EVERY_MS);
      // The attack goes on until the sweep has ended, for a minute at most: a sweep it held up runs into the minute.
      let flooding = true;
      const flooded = new Promise<never>((_, reject) => {
        floodEnd = setTimeout(() => {
          flooding = false;
          reject(new Error(`the sweep had not ended after a minute of the flood (${sent} garbled results sent)`));
        }, FLOOD_MS);
      });
      flooded.catch(() => undefined); // read by the race below only
      worker = honestWorker(workerSide, stop.signal);
      const events: SweepEvent[] = [];
      const out = await mkdtemp(join(tmpdir(), 'seqsweep-flood-'));
      const outcome = await Promise.race([
        new Coordinator({ transport: coordinatorSide, outDir: out, ackWaitMs: 1000, maxDeliver: 2, onEvent: (e) => events.push(e) }).start({ spec, sweepId }),
        flooded,
      ]);
      expect(flooding, 'the flood was still on when the sweep ended').toBe(true);
      clearInterval(flood);
      expect(outcome.status).toBe('completed');
      const failed = outcome.trials.find((t) => t.trialId === target!.trialId);
      expect(failed?.status).toBe('failed');
      expect(failed?.error).toMatch(/no valid result of the plan \(forged or garbled\)/);
      expect(outcome.trials.filter((t) => t.worker === 'forger')).toEqual([]);
      expect(outcome.best?.params).toEqual({ learningRate: 0.001 });
      const file = JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8'));
      expect(file.refusedResults).toBeGreaterThanOrEqual(early.length);
      expect(events.filter((e) => e.type === 'invalid' && /cleared the result subject/.test(e.message)).length).toBeGreaterThan(0);
      expect(sent).toBeGreaterThan(1);
    } finally {
      clearInterval(flood);
      clearTimeout(floodEnd);
      stop.abort();
      await worker?.catch(() => undefined);
      await nc.close();
      await workerSide.close();
      await coordinatorSide.close();
    }
  }, testDeadline(FLOOD_MS + 120_000));
});
