import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { paramText, parseSpec, planStage, type SweepRecord, type Transport } from '@seqsweep/core';
import { connectNats } from '@seqsweep/transport-nats';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { leaderboardLines, initialState } from '@seqsweep/tui';
import { main } from './cli.js';
import { TestChild } from '../test-support/child.js';
import { captureIo } from '../test-support/capture-io.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const SPEC = `name: lines
task: { name: toy, samples: 64, length: 10 }
model: { name: lstm-ae }
grid: { learningRate: [0.1, 0.01], hiddenSize: [4] }
train: { epochs: 2 }
stages: { filter: { folds: 2, keep: 1, epochs: 1 }, evaluate: { folds: 2, epochs: 1 } }
final: { epochs: 1 }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-lines-'));
  await writeFile(join(dir, 'spec.yaml'), SPEC);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('plan --json', () => {
  it('prints one JSON document with the counts the text gives', async () => {
    const text = captureIo(dir);
    expect(await main(['plan', 'spec.yaml'], text)).toBe(0);
    const io = captureIo(dir);
    expect(await main(['plan', 'spec.yaml', '--json'], io)).toBe(0);
    const plan = JSON.parse(io.lines.join('\n')) as { total: number; stages: { filter: { trials: number } }; trials: { pointId: string; fold: number }[] };
    expect(text.lines.join('\n')).toContain(`total:          ${plan.total} trials`);
    expect(plan).toMatchObject({ name: 'lines', task: 'toy', model: 'lstm-ae', total: 7, stages: { filter: { trials: 4, folds: 2 }, evaluate: { trials: 2, survivors: 1 } } });
    expect(plan.trials).toHaveLength(plan.stages.filter.trials);
    for (const t of plan.trials) {
      const params = Object.entries((t as unknown as { params: Record<string, unknown> }).params).map(([k, v]) => `${k}=${paramText(v)}`).join(' ');
      expect(text.lines).toContain(`  ${t.pointId} fold ${t.fold}  ${params}`);
    }
  });
});

describe('run --no-tui', () => {
  let child: TestChild | undefined;
  afterEach(() => child?.stop());

  it('prints the plain lines of the TUI package (as watch does): each result as <stage> N/M, then its leaderboard', async () => {
    // The built command: its local workers are forked from dist/main.js.
    child = new TestChild([MAIN, 'run', 'spec.yaml', '--workers', '1', '--no-tui', '--out', join(dir, 'runs')], { cwd: dir });
    const code = await child.exit(150_000);
    const { stdout, stderr } = child;
    expect(code, stderr).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^sweep lines-\S+$/);
    for (const n of [1, 2, 3, 4]) expect(stdout).toMatch(new RegExp(`^\\[\\+\\d+s\\] filter ${n}/4 learningRate=0\\.\\S+ hiddenSize=4 fold \\d completed valLoss=`, 'm'));
    expect(stdout).toMatch(/^\[\+\d+s\] evaluate 2\/2 /m);
    expect(stdout).toMatch(/^\[\+\d+s\] final 1\/1 /m);
    expect(stdout).toMatch(/^\[\+\d+s\] sweep completed$/m);
    // The table is the one watch prints (leaderboardLines of the TUI package): its columns, with the swept option.
    const columns = leaderboardLines(initialState('x'))[0]!.split(/ {2,}/);
    expect(lines.find((l) => l.startsWith('rank '))!.split(/ {2,}/)).toEqual([...columns.slice(0, 2), 'learningRate', ...columns.slice(2)]);
    expect(lines.find((l) => l.startsWith('best: '))).toMatch(/^best: learningRate=0\.\S+ hiddenSize=4 \(point p-\w+\); testLoss=/);
    expect(lines.at(-2)).toMatch(/^results: .*results\.json$/);
  }, testDeadline(180_000));
});

describeNats(process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1', { describe, it })('status --json', () => {
  let server: NatsServerHandle;
  let transport: Transport | undefined;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterEach(async () => {
    await transport?.close();
    transport = undefined;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the sweeps, and one sweep, as JSON', async () => {
    transport = await connectNats({ servers: [server.url], prefix: 'json' });
    const record: SweepRecord = {
      sweepId: 'json-20261201-000000-abcd', name: 'json', spec: { name: 'json' }, stage: 'evaluate', status: 'running',
      createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:01:00.000Z', queue: { ackWaitMs: 60_000, maxDeliver: 3 },
      survivors: ['p-1'], pruned: [],
    };
    await transport.ensureSweep(record.sweepId);
    await transport.putSweep(record);
    const all = captureIo(dir);
    expect(await main(['status', '--nats', server.url, '--prefix', 'json', '--json'], all), all.errors.join('\n')).toBe(0);
    expect(JSON.parse(all.lines.join('\n'))).toMatchObject({ sweeps: [{ sweepId: record.sweepId, name: 'json', status: 'running', stage: 'evaluate' }] });
    const one = captureIo(dir);
    expect(await main(['status', record.sweepId, '--nats', server.url, '--prefix', 'json', '--json'], one)).toBe(0);
    expect(JSON.parse(one.lines.join('\n'))).toEqual({
      sweepId: record.sweepId, name: 'json', status: 'running', stage: 'evaluate', createdAt: record.createdAt,
      updatedAt: record.updatedAt, results: {}, survivors: ['p-1'], pruned: [],
    });
  });

  it('says which points were raced out and which stage races were decided, as lines and as JSON', async () => {
    transport = await connectNats({ servers: [server.url], prefix: 'json' });
    const out = { pointId: 'p-2', stage: 'evaluate' as const, afterFolds: 2, compared: [0, 1], p: 0.01, leader: 'p-1', test: 't' as const, at: '2026-12-01T00:01:00.000Z' };
    const decided = { live: ['p-1'], folds: [2], at: '2026-12-01T00:01:00.000Z' };
    const record: SweepRecord = {
      sweepId: 'race-20261201-000000-abcd', name: 'race', spec: { name: 'race' }, stage: 'evaluate', status: 'running',
      createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:01:00.000Z', queue: { ackWaitMs: 60_000, maxDeliver: 3 },
      survivors: ['p-1', 'p-2'], pruned: [], race: { rounds: { evaluate: 1 }, out: [out], decided: { evaluate: decided } },
    };
    await transport.ensureSweep(record.sweepId);
    await transport.putSweep(record);
    const lines = captureIo(dir);
    expect(await main(['status', record.sweepId, '--nats', server.url, '--prefix', 'json'], lines)).toBe(0);
    expect(lines.lines.join('\n')).toContain('raced out of evaluate: p-2 after 2 folds, p = 0.01 against p-1');
    expect(lines.lines.join('\n')).toContain("evaluate race decided: p-1 left live (2 folds); the stage's other folds are skipped");
    const json = captureIo(dir);
    expect(await main(['status', record.sweepId, '--nats', server.url, '--prefix', 'json', '--json'], json)).toBe(0);
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject({ race: { racedOut: [out], decided: { evaluate: decided } } });
  });

  it('says which points were promoted and halted at which rung, as lines and as JSON', async () => {
    transport = await connectNats({ servers: [server.url], prefix: 'json' });
    const at = '2026-12-01T00:01:00.000Z';
    const rungs = {
      promoted: [
        { pointId: 'p-1', stage: 'filter' as const, rung: 1, rank: 1, of: 3, at }, { pointId: 'p-2', stage: 'filter' as const, rung: 1, rank: 1, of: 6, at },
        { pointId: 'p-1', stage: 'filter' as const, rung: 2, rank: 1, of: 2, at },
      ],
      halted: [{ pointId: 'p-3', stage: 'filter' as const, rung: 0, epochs: 1, rank: 7, of: 9, rule: 'halving' as const, at }],
      closed: { filter: 0 },
    };
    const record: SweepRecord = {
      sweepId: 'asha-20261201-000000-abcd', name: 'asha', spec: { name: 'asha' }, stage: 'filter', status: 'running',
      createdAt: '2026-12-01T00:00:00.000Z', updatedAt: at, queue: { ackWaitMs: 60_000, maxDeliver: 3 }, pruned: [], rungs,
    };
    await transport.ensureSweep(record.sweepId);
    await transport.putSweep(record);
    const lines = captureIo(dir);
    expect(await main(['status', record.sweepId, '--nats', server.url, '--prefix', 'json'], lines)).toBe(0);
    expect(lines.lines).toContain('  filter rungs: 2 promoted to rung 1, 1 to rung 2; rung 0 closed');
    expect(lines.lines).toContain('  halted in filter: p-3 halted at 1 epoch (rank 7 of 9)');
    const json = captureIo(dir);
    expect(await main(['status', record.sweepId, '--nats', server.url, '--prefix', 'json', '--json'], json)).toBe(0);
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject({ rungs });
  });

  it('says what stage one drew and how many points are in flight, as lines and as JSON', async () => {
    transport = await connectNats({ servers: [server.url], prefix: 'json' });
    const spec = parseSpec({ name: 'drawn', task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1, 0.01, 0.001] }, stages: { filter: { folds: 2 } } });
    const drawn = [{ learningRate: 0.1 }, { learningRate: 0.01 }, { learningRate: 0.001 }];
    const record: SweepRecord = {
      sweepId: 'drawn-20261201-000000-abcd', name: 'drawn', spec, stage: 'filter', status: 'running',
      createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:01:00.000Z', queue: { ackWaitMs: 60_000, maxDeliver: 3 }, pruned: [],
      search: { strategy: 'grid', drawn, parallel: 1 },
    };
    await transport.ensureSweep(record.sweepId);
    await transport.putSweep(record);
    // The first point has both folds, the second one of two, the third none: two points in flight.
    const [a0, a1, b0] = planStage({ spec, sweepId: record.sweepId, stage: 'filter', points: drawn }).filter((_, i) => i !== 3);
    for (const a of [a0!, a1!, b0!]) {
      await transport.publishResult({
        sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: 'filter', params: a.params, fold: a.split.kind === 'kfold' ? a.split.fold : -1,
        status: 'completed', metrics: { valLoss: 1 }, history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'none', finishedAt: record.updatedAt,
      });
    }
    const lines = captureIo(dir);
    expect(await main(['status', record.sweepId, '--nats', server.url, '--prefix', 'json'], lines)).toBe(0);
    expect(lines.lines.join('\n')).toContain('search grid: 3 points drawn, 2 in flight');
    const json = captureIo(dir);
    expect(await main(['status', record.sweepId, '--nats', server.url, '--prefix', 'json', '--json'], json)).toBe(0);
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject({ search: { strategy: 'grid', drawn: 3, inFlight: 2 } });
  });
});
