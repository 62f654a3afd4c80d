import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, raceDecidedIn, racedOutOf, skippedResult, withdrawnResult, type TrialAssignment, type Transport } from '@seqsweep/core';
import { Coordinator } from '@seqsweep/coordinator';
import { buildReport } from './build-report.js';

const wobble = (a: TrialAssignment): number => (a.split.kind === 'kfold' ? [0.01, -0.02, 0.015, 0, 0.02, -0.01][a.split.fold]! : 0) * (Number(a.params.hiddenSize) % 7);

/**
 * Answers each trial with `score` (by default from its hidden size, 64 clearly worse), skipping raced-out folds
 * and the folds of a decided stage as workers do.
 */
async function answer(transport: Transport, signal: AbortSignal, score = (a: TrialAssignment): number => (a.params.hiddenSize === 64 ? 1 : 0.1) + wobble(a)): Promise<void> {
  for (;;) {
    const lease = await transport.pullTrial({ signal });
    if (!lease) return;
    const a = lease.assignment;
    const record = await transport.getSweep(a.sweepId);
    const out = racedOutOf(record, a.pointId, a.stage);
    const decided = raceDecidedIn(record, a.stage);
    const now = new Date().toISOString();
    const fold = a.split.kind === 'kfold' ? a.split.fold : -1;
    const metrics = { valLoss: score(a), ...(a.stage === 'final' ? { testLoss: score(a) } : {}) };
    await transport.publishResult(out ? withdrawnResult(a, out, 'scripted', 1, now) : decided ? skippedResult(a, decided, 'scripted', 1, now) : {
      sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold, status: 'completed',
      metrics, history: [metrics], bestEpoch: 0, worker: 'scripted', attempts: 1, durationMs: 10, backend: 'none', finishedAt: now,
    });
    await lease.ack();
  }
}

/** The report of a sweep of four points whose evaluate stage races, answered by {@link answer} with `score`. */
async function racedReport(name: string, score?: (a: TrialAssignment) => number, race: unknown = true): Promise<string> {
  const transport = new MemoryTransport();
  const stop = new AbortController();
  const worker = answer(transport, stop.signal, score);
  const spec = parseSpec({
    name, seed: 3, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { hiddenSize: [8, 16, 32, 64] },
    stages: { filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race } },
  });
  const outcome = await new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'race-report-')) }).start({ spec });
  stop.abort();
  await worker;
  return buildReport(outcome.dir, outcome.results);
}

describe('the fold racing section', () => {
  it('says the tolerance of a race that had one, in the stage line, the rule and each raced-out row', async () => {
    const html = await racedReport('race-tolerance', undefined, { tolerance: 0.5 });
    expect(html).toMatch(/Stage evaluate \(paired t-test, alpha 0.05, at least 2 folds, tolerance 50%\): 3 points raced out/);
    expect(html).toContain('with a tolerance, the test is of');
    expect(html).toMatch(/<td>raced out after \d folds, p = [^<]*, tolerance 50% \(folds /);
  });

  it('lists the folds each point ran and skipped, the test that stopped it, and the compute saved', async () => {
    const html = await racedReport('race-report');
    expect(html).toContain('Fold racing');
    expect(html).toMatch(/Stage evaluate \(paired t-test, alpha 0.05, at least 2 folds\): 1 point raced out; 20 folds run, 4 skipped/);
    expect(html).toMatch(/hiddenSize=64<\/td><td class="num">2<\/td><td class="num">4<\/td><td>raced out after 2 folds, p = /);
    expect(html).toMatch(/the skipped folds would have cost about 0.04 s more/);
  });

  it('says when a race was decided, and which point was left live', async () => {
    const html = await racedReport('race-decided', (a) => (a.params.hiddenSize === 8 ? 0.1 : 1) + wobble(a));
    expect(html).toMatch(/Stage evaluate [^<]*: 3 points raced out; \d+ folds run, \d+ skipped;[^<]* The race was decided once only the best point was left live/);
    expect(html).toMatch(/hiddenSize=8<\/td><td class="num">[23]<\/td><td class="num">[34]<\/td><td>live when the race was decided<\/td>/);
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
