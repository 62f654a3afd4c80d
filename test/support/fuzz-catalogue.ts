/**
 * The bad messages the fuzz test publishes on every subject seqsweep uses: random bytes, truncated JSON of real
 * messages, payloads over `MAX_MESSAGE_BYTES`, and well-formed messages that are forged (ids that do not match
 * the subject, extra keys, negative numbers, NaN-like strings, and file names that try to leave their folder).
 * Drawn from a seeded generator, so every run publishes the same messages.
 */
import {
  createRng, expandGrid, MAX_MESSAGE_BYTES, planFinal, planStage, sha256Hex, type Rng, type SweepRecord, type SweepSpec, type TrialAssignment,
  type TrialProgress, type TrialResult, type WorkerHeartbeat,
} from '@seqsweep/core';

/** One message to publish on a subject. */
export interface Fuzz {
  readonly subject: string;
  readonly data: Uint8Array;
  /** What it is, for failure messages. */
  readonly what: string;
}

/** Every bad message, by where it goes and who rejects it. */
export interface FuzzCatalogue {
  /** On the trial queue: each is rejected by the one worker it is delivered to. */
  readonly trials: Fuzz[];
  /** A well-formed trial with a made-up id: a worker runs it, and the coordinator drops its result. */
  readonly forgedTrial: Fuzz;
  /** On result subjects of trials that do not exist: rejected by every reader of the results stream. */
  readonly results: Fuzz[];
  /** A well-formed result on its own subject whose trial is not in the plan: only the coordinator can tell. */
  readonly forgedResult: Fuzz;
  /**
   * Results that match the plan in every field but come before their trial is published (an evaluate result
   * during stage one, a final result before the final point is chosen), from a worker whose name forges a line
   * and whose error changes the terminal's title: the coordinator refuses them (issue 22, attacks 1, 2 and 4).
   */
  readonly earlyResults: Fuzz[];
  /** On progress subjects: rejected by every subscriber. */
  readonly progress: Fuzz[];
  /** On the heartbeat subject: rejected by every subscriber. */
  readonly heartbeats: Fuzz[];
  /** KV entries under keys of no sweep: rejected by every reader of the bucket. */
  readonly sweepKeys: Fuzz[];
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const json = (v: unknown): Uint8Array => text(JSON.stringify(v));

function randomBytes(rng: Rng, max: number): Uint8Array {
  return Uint8Array.from({ length: 1 + rng.int(max) }, () => rng.int(256));
}

/** The JSON of `value` cut at a few places: never whole, never empty. */
function truncations(value: unknown): Uint8Array[] {
  const whole = JSON.stringify(value);
  return [1, Math.floor(whole.length / 3), Math.floor(whole.length / 2), whole.length - 1].map((n) => text(whole.slice(0, n)));
}

/** A JSON object just over the size limit. */
function oversized(): Uint8Array {
  return text(`{"pad":"${'x'.repeat(MAX_MESSAGE_BYTES)}"}`);
}

/** Random, truncated, oversized and the given forged variants of `base`, each on `subject(i)`. */
function family(name: string, rng: Rng, base: unknown, forged: Record<string, unknown>, subject: (i: number) => string): Fuzz[] {
  const payloads: [string, Uint8Array][] = [
    [`${name}: empty`, new Uint8Array(0)],
    ...[0, 1, 2].map((i): [string, Uint8Array] => [`${name}: random bytes #${i}`, randomBytes(rng, 300)]),
    ...truncations(base).map((d, i): [string, Uint8Array] => [`${name}: truncated #${i}`, d]),
    [`${name}: oversized`, oversized()],
    ...Object.entries(forged).map(([what, v]): [string, Uint8Array] => [`${name}: forged, ${what}`, json(v)]),
  ];
  return payloads.map(([what, data], i) => ({ subject: subject(i), data, what }));
}

/**
 * File names a hostile peer could put where a file name goes (artifacts, data keys): traversal, `..` segments, an
 * absolute path into `outside`, a NUL byte, Windows separators and a drive, and one too long for a file system.
 * Each would land in `outside` (or nowhere) if it were honoured, so a test can look there.
 */
export function hostileNames(outside: string): Record<string, string> {
  return {
    '../x': '../x', '../../../x': '../../../x', 'a .. segment': 'a/../../../../x', 'an absolute path': `${outside}/abs-x`,
    'a NUL byte': 'x\u0000.json', 'a Windows traversal': '..\\x', 'a Windows drive': 'C:\\x', 'an over-long name': 'x'.repeat(300),
  };
}

/** The catalogue for sweep `sweepId` of `spec` under `prefix`; `outside` is a folder hostile names aim at. */
export function fuzzCatalogue(prefix: string, sweepId: string, spec: SweepSpec, outside: string, seed = 1): FuzzCatalogue {
  const rng = createRng(seed, 'fuzz');
  const ref = { name: 'data/fuzz', digest: sha256Hex(text('fuzz')) };
  const [a] = planStage({ spec, sweepId, stage: 'filter', points: expandGrid(spec.grid) }) as [TrialAssignment];
  const fake = (i: number): string => `t-fuzz${String(i).padStart(10, '0')}`;
  const trialSubject = `${prefix}.trials.${sweepId}`;
  const trials = family('trial', rng, a, {
    'sweepId of another sweep': { ...a, sweepId: 'someone-else' },
    'an extra key': { ...a, admin: true },
    'a negative fold': { ...a, split: { kind: 'kfold', folds: 2, fold: -1, testFraction: 0.2 } },
    'seed "NaN"': { ...a, seed: 'NaN' },
    'a path as trial id': { ...a, trialId: '../../etc/passwd' },
    ...Object.fromEntries(Object.entries(hostileNames(outside)).flatMap(([what, name]) => [
      [`a data key with ${what}`, { ...a, dataRefs: { [name]: ref } }],
      [`a data folder file with ${what}`, { ...a, dataRefs: { [`dir/${name}`]: ref } }],
    ])),
    'a data digest that is a path': { ...a, dataRefs: { path: { ...ref, digest: '../../../x' } } },
  }, () => trialSubject);
  const forgedTrial: Fuzz = { subject: trialSubject, what: 'trial: forged, made-up trial id', data: json({ ...a, trialId: fake(999) }) };

  const result: TrialResult = {
    sweepId, trialId: fake(0), pointId: a.pointId, stage: 'filter', params: a.params, fold: 0, status: 'completed',
    metrics: { valLoss: 1e-9 }, history: [{ valLoss: 1e-9 }], bestEpoch: 0, worker: 'fuzzer', attempts: 1, durationMs: 1,
    backend: 'none', finishedAt: new Date(0).toISOString(),
  };
  const results = family('result', rng, result, {
    'trialId not that of the subject': { ...result, trialId: fake(500) },
    'sweepId of another sweep': { ...result, sweepId: 'someone-else' },
    'an extra key': { ...result, trusted: true },
    'negative attempts': { ...result, attempts: -1 },
    'durationMs "NaN"': { ...result, durationMs: 'NaN' },
    'metric "Infinity"': { ...result, metrics: { valLoss: 'Infinity' } },
    ...Object.fromEntries(Object.entries(hostileNames(outside)).map(([what, name]) => [`an artifact named with ${what}`, { ...result, artifacts: { [name]: ref } }])),
  }, (i) => `${prefix}.results.${sweepId}.${fake(i + 1)}`);
  const forgedResult: Fuzz = { subject: `${prefix}.results.${sweepId}.${fake(0)}`, what: 'result: forged, trial not in the plan', data: json(result) };
  const [e] = planStage({ spec, sweepId, stage: 'evaluate', points: [a.params] }) as [TrialAssignment];
  const f = planFinal({ spec, sweepId, params: a.params });
  const hostile = { worker: 'fuzzer\nsweep completed', error: '\u001b]0;pwned\u0007' };
  const earlyResults: Fuzz[] = [
    { subject: `${prefix}.results.${sweepId}.${e.trialId}`, what: 'result: an evaluate result during stage one', data: json({ ...result, ...hostile, trialId: e.trialId, stage: 'evaluate' }) },
    {
      subject: `${prefix}.results.${sweepId}.${f.trialId}`, what: 'result: a final result before the final point is chosen',
      data: json({ ...result, ...hostile, trialId: f.trialId, stage: 'final', fold: -1, metrics: { valLoss: 1e-9, testLoss: 1e-9 } }),
    },
  ];

  const progress: TrialProgress = { sweepId, trialId: fake(0), pointId: a.pointId, stage: 'filter', worker: 'fuzzer', epoch: 1, epochs: 1, loss: 0.5, ts: 0 };
  const progressFuzz = family('progress', rng, progress, {
    'trialId not that of the subject': { ...progress, trialId: fake(600) },
    'an extra key': { ...progress, extra: 1 },
    'a negative epoch': { ...progress, epoch: -1 },
    'loss "NaN"': { ...progress, loss: 'NaN' },
  }, (i) => `${prefix}.progress.${sweepId}.${i === 0 ? fake(0) : fake(700 + i)}`);

  const beat: WorkerHeartbeat = { workerId: 'fuzzer', host: 'nowhere', pid: 1, state: 'idle', done: 0, backend: 'none', ts: 0 };
  const heartbeats = family('heartbeat', rng, beat, {
    'an extra key': { ...beat, root: true },
    'negative done': { ...beat, done: -5 },
    'pid "NaN"': { ...beat, pid: 'NaN' },
    'an unknown state': { ...beat, state: 'hacked' },
  }, () => `${prefix}.workers`);

  const record: SweepRecord = {
    sweepId: 'someone-else', name: 'x', spec: {}, stage: 'filter', status: 'running', createdAt: '', updatedAt: '',
    queue: { ackWaitMs: 1000, maxDeliver: 1 }, pruned: [],
  };
  const sweepKeys = family('sweep record', rng, record, {
    'a record under another sweep\'s key': record,
    'an extra key': { ...record, sweepId: 'fuzz-key-extra', owner: 'me' },
    'negative ackWaitMs': { ...record, sweepId: 'fuzz-key-ack', queue: { ackWaitMs: -1, maxDeliver: 1 } },
  }, (i) => `$KV.${prefix}-sweeps.fuzz-key-${i}`);

  return { trials, forgedTrial, results, forgedResult, earlyResults, progress: progressFuzz, heartbeats, sweepKeys };
}
