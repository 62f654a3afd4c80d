/**
 * On a random walk nothing beats "tomorrow equals today". Sweeps of the `series` task over independent random walks,
 * and over one random walk that every series shares (the same dates move together, as stocks do), run through the
 * real coordinator and worker on the in-memory transport under the chronological protocol: neither may ever
 * report that the model beats persistence, next day or over the horizon.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coordinator } from '@seqsweep/coordinator';
import { createRng, MemoryTransport, parseSpec, type ResultsFile } from '@seqsweep/core';
import { DatasetCache } from '@seqsweep/ml';
import { SweepWorker } from '@seqsweep/worker';

const SERIES = 3;
const DAYS = 500;
const FIRST_DAY = Date.UTC(2015, 0, 1);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqsweep-walks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A CSV of `SERIES` random walks of `DAYS` days (`shared`: one walk, the same in every series). */
async function walks(seed: number, shared: boolean): Promise<string> {
  const rng = createRng(seed, shared ? 'one walk' : 'independent walks');
  const walk = (): number[] => {
    const values = [100];
    while (values.length < DAYS) values.push(values.at(-1)! + rng.normal());
    return values;
  };
  const one = walk();
  const rows = ['date,name,value'];
  for (let s = 0; s < SERIES; s++) {
    const values = shared ? one : walk();
    values.forEach((v, d) => rows.push(`${new Date(FIRST_DAY + d * 86_400_000).toISOString().slice(0, 10)},W${s},${v.toFixed(4)}`));
  }
  const file = join(dir, `walks-${shared ? 'shared' : 'independent'}-${seed}.csv`);
  await writeFile(file, rows.join('\n') + '\n');
  return file;
}

async function sweep(path: string, seed: number): Promise<ResultsFile> {
  const spec = parseSpec({
    name: 'walks', seed,
    task: { name: 'series', path, target: 'value', nameColumn: 'name', window: 8, stride: 2 },
    model: { name: 'lstm-ae-predictor', hiddenSize: 4, predict: 'change' },
    train: { epochs: 2, batchSize: 64, learningRate: 0.01, reconstructionWeight: 0.2 },
    objective: { metric: 'valTaskLoss' },
    stages: { filter: { folds: 2, epochs: 1, keep: 1 }, evaluate: { folds: 2, epochs: 2 } },
    final: { testFraction: 0.25 },
  });
  const transport = new MemoryTransport();
  const worker = new SweepWorker({ transport, datasets: new DatasetCache(), log: () => {} });
  const running = worker.run();
  try {
    const outcome = await new Coordinator({ transport, outDir: join(dir, 'runs') }).start({ spec });
    return JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8')) as ResultsFile;
  } finally {
    worker.stop();
    await running;
  }
}

describe('a forecast of a random walk never beats persistence', () => {
  for (const shared of [false, true]) {
    it(`over ${shared ? 'one random walk shared by every series' : 'independent random walks'}, for several seeds`, async () => {
      for (const seed of [1, 2, 3]) {
        const results = await sweep(await walks(seed, shared), seed);
        const vs = results.best?.vsPersistence;
        expect(vs, `seed ${seed}: the final trial scored no forecast`).toBeTruthy();
        // Enough test days for a standard error (at least 2 blocks of 30 days), so the verdict is a real test.
        expect(vs!.nextDay.z).not.toBeNull();
        expect(vs!.multiStep?.z).not.toBeNull();
        expect([seed, vs!.nextDay.verdict]).not.toEqual([seed, 'beats']);
        expect([seed, vs!.multiStep!.verdict]).not.toEqual([seed, 'beats']);
        // The protocol is on record: one cut-off, the gap of one window, and each fold's dates in time order.
        const p = results.protocol!;
        expect(p).toMatchObject({ kind: 'chronological', cv: 'forward', gap: 8 });
        expect(p.cutoff! > p.finalTrain!.last).toBe(true);
        expect(p.folds.evaluate).toHaveLength(2);
        for (const f of p.folds.evaluate) expect(f.train!.last < f.val!.first).toBe(true);
        expect(p.line).toMatch(new RegExp(`^chronological: test ${p.cutoff} … ${p.test!.last} after a 8-day gap; 2 forward folds$`));
      }
    });
  }
});
