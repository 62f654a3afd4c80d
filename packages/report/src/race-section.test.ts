import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, racedOutOf, withdrawnResult, type TrialAssignment, type Transport } from '@seqsweep/core';
import { Coordinator } from '@seqsweep/coordinator';
import { buildReport } from './build-report.js';

/** Answers each trial with a score from its hidden size (64 clearly worse), skipping raced-out folds as workers do. */
async function answer(transport: Transport, signal: AbortSignal): Promise<void> {
  const score = (a: TrialAssignment): number => (a.params.hiddenSize === 64 ? 1 : 0.1) + (a.split.kind === 'kfold' ? [0.01, -0.02, 0.015, 0, 0.02, -0.01][a.split.fold]! : 0) * (Number(a.params.hiddenSize) % 7);
  for (;;) {
    const lease = await transport.pullTrial({ signal });
    if (!lease) return;
    const a = lease.assignment;
    const out = racedOutOf(await transport.getSweep(a.sweepId), a.pointId, a.stage);
    const now = new Date().toISOString();
    const fold = a.split.kind === 'kfold' ? a.split.fold : -1;
    const metrics = { valLoss: score(a), ...(a.stage === 'final' ? { testLoss: score(a) } : {}) };
    await transport.publishResult(out ? withdrawnResult(a, out, 'scripted', 1, now) : {
      sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold, status: 'completed',
      metrics, history: [metrics], bestEpoch: 0, worker: 'scripted', attempts: 1, durationMs: 10, backend: 'none', finishedAt: now,
    });
    await lease.ack();
  }
}

describe('the fold racing section', () => {
  it('lists the folds each point ran and skipped, the test that stopped it, and the compute saved', async () => {
    const transport = new MemoryTransport();
    const stop = new AbortController();
    const worker = answer(transport, stop.signal);
    const spec = parseSpec({
      name: 'race-report', seed: 3, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { hiddenSize: [8, 16, 32, 64] },
      stages: { filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race: true } },
    });
    const outcome = await new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'race-report-')) }).start({ spec });
    stop.abort();
    await worker;
    const html = await buildReport(outcome.dir, outcome.results);
    expect(html).toContain('Fold racing');
    expect(html).toMatch(/Stage evaluate \(paired t-test, alpha 0.05, at least 2 folds\): 1 point raced out; 20 folds run, 4 skipped/);
    expect(html).toMatch(/hiddenSize=64<\/td><td class="num">2<\/td><td class="num">4<\/td><td>raced out after 2 folds, p = /);
    expect(html).toMatch(/the skipped folds would have cost about 0.04 s more/);
  });

  it('is left out when no stage races', async () => {
    const transport = new MemoryTransport();
    const stop = new AbortController();
    const worker = answer(transport, stop.signal);
    const spec = parseSpec({ name: 'no-race', seed: 3, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { hiddenSize: [8, 16] }, stages: { filter: { folds: 2, keep: 2 }, evaluate: { folds: 2 } } });
    const outcome = await new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'race-report-')) }).start({ spec });
    stop.abort();
    await worker;
    expect(outcome.results.race).toBeUndefined();
    expect(await buildReport(outcome.dir, outcome.results)).not.toContain('Fold racing');
  });
});
