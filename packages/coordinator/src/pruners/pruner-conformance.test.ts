/**
 * Every registered stage pruner through one table: a sweep with the pruner turned on in both stages runs to its end
 * on the in-memory transport, trains no trial twice, hands stage two `keep` points and picks a best point. Each
 * registry entry needs a row (the test fails for one without), so adding a pruner adds a row, not a test file.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, pointId, type TrialAssignment } from '@seqsweep/core';
import { Coordinator } from '../coordinator.js';
import { fidelityWorker } from '../../test-support/fidelity-worker.js';
import { PRUNERS } from './registry.js';

/** Each pruner's stage keys, as a spec turns it on. Divergence is always on: a point here diverges on one fold. */
const ROWS: Record<string, Record<string, unknown>> = {
  divergence: {},
  racing: { race: true },
  halving: { halving: { minEpochs: 1, reduction: 2 } },
  median: { median: { startup: 2, minEpochs: 1, reduction: 2 } },
};

const fold = (a: TrialAssignment): number => (a.split.kind === 'kfold' ? a.split.fold : 0);
/** hiddenSize 64 diverges on its first fold; 32 is far worse than the rest, which are within noise of each other. */
const curve = (a: TrialAssignment, epochs: number): number => {
  if (a.params.hiddenSize === 64 && fold(a) === 0) return NaN;
  return (a.params.hiddenSize === 32 ? 3 : 0.1 + Number(a.params.hiddenSize) / 1000) + 1 / epochs + [0.01, -0.02, 0.015, 0.0][fold(a)]!;
};

describe('every registered pruner has a conformance row', () => {
  it('names each entry once, and the table covers the registry', () => {
    const names = PRUNERS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => !(n in ROWS))).toEqual([]);
  });
});

describe.each(PRUNERS.map((p) => [p.name]))('pruner %s in a sweep', (name) => {
  it('runs both stages to their end, trains no trial twice, hands on keep points and picks a best point', async () => {
    const keys = ROWS[name] ?? {};
    const spec = parseSpec({
      name: `conformance-${name}`, seed: 9, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { hiddenSize: [4, 8, 16, 32, 64, 128] },
      stages: { filter: { folds: 4, epochs: 4, keep: 2, ...keys }, evaluate: { folds: 4, epochs: 4, ...keys } },
    });
    const transport = new MemoryTransport();
    const stop = new AbortController();
    const worker = fidelityWorker(transport, curve, stop.signal);
    try {
      const outcome = await new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'pruner-')) }).start({ spec, sweepId: `conformance-${name}` });
      expect(outcome.status).toBe('completed');
      const ids = worker.trained.map((t) => t.a.trialId);
      expect(new Set(ids).size).toBe(ids.length);
      const record = (await transport.getSweep(`conformance-${name}`))!;
      expect(record.survivors).toHaveLength(2);
      expect(outcome.best).not.toBeNull();
      expect([32, 64]).not.toContain(outcome.best!.params.hiddenSize);
      // The diverged point is pruned in every row, and goes no further: no later rung, no stage two.
      expect(record.pruned).toEqual([pointId({ hiddenSize: 64 })]);
      expect(worker.trained.filter((t) => t.a.params.hiddenSize === 64).every((t) => t.a.stage === 'filter' && (t.a.fidelity?.rung ?? 0) === 0)).toBe(true);
      expect(record.survivors).not.toContain(pointId({ hiddenSize: 64 }));
    } finally {
      stop.abort();
      await worker.done;
    }
  });
});
