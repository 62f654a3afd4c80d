/**
 * Hostile input on the wire: while a noop sweep runs over a real nats-server, bad messages go to every subject
 * seqsweep uses (see support/fuzz-catalogue.ts). No process crashes, each bad message is rejected and logged once
 * by each process that reads it (past the first few on one subject in an interval, counted in one line instead), results.json equals that of a fault-free run of the same spec and seed, and no
 * file name off the wire wrote anything outside the run directory.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { MAX_MESSAGE_BYTES, parseSpec } from '@seqsweep/core';
import { connectNats, type NatsTransport } from '@seqsweep/transport-nats';
import { natsServerAvailable, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { CliProcess } from './support/cli.js';
import { noopSpec, readResults, tempDir, writeSpec, type ResultsFile } from './support/spec.js';
import { fuzzCatalogue, type Fuzz } from './support/fuzz-catalogue.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
const haveNats = natsServerAvailable();
if (!haveNats && !requireNats) {
  console.warn('\n*** nats-server not found: SKIPPING the message fuzz test (install nats-server, or set SEQSWEEP_REQUIRE_NATS=1 to make this a failure) ***\n');
}

const REJECTED = /rejected a message on /;
const SUMMARY = /^(\d+) more invalid messages on (\S+) in the last \d+ s$/;
/** Rejected messages logged per subject in each interval before they are only counted (the CLI's LogLimiter). */
const RATE_LIMIT = 5;

/** Rejected messages in `lines`, on `subject` or on any: each logged one, plus each count of those not logged. */
function accounted(lines: readonly string[], subject?: string): number {
  const logged = lines.filter((l) => REJECTED.test(l) && (subject === undefined || l.includes(`on ${subject}: `))).length;
  const counted = lines.map((l) => SUMMARY.exec(l)).filter((m) => m !== null && (subject === undefined || m[2] === subject));
  return logged + counted.reduce((sum, m) => sum + Number(m![1]), 0);
}
const SPEC = noopSpec('fuzz', 30);

/** The parts of results.json that must not depend on the run: ids, workers and timings left out. */
function comparable(r: ResultsFile): unknown {
  const trials = r.trials
    .map((t) => JSON.stringify({ stage: t.stage, params: t.params, fold: t.fold, status: t.status, metrics: t.metrics, history: t.history }))
    .sort();
  const { trialId: _ignored, ...best } = (r.best ?? {}) as Record<string, unknown>;
  return { status: r.status, trials, leaderboard: r.leaderboard, best };
}

/** The invalid messages a transport reported, with a wait for a count of them. */
class Reports {
  readonly seen: { subject: string; message: string }[] = [];
  #wake: (() => void) | undefined;

  add = (subject: string, e: Error): void => {
    this.seen.push({ subject, message: e.message });
    this.#wake?.();
  };

  /** Resolves once `count` reports arrived, woken by each; fails at the (scaled) deadline. */
  async waitFor(count: number, baseTimeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + testDeadline(baseTimeoutMs);
    while (this.seen.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.seen.length} of ${count} reports:\n${this.seen.map((s) => s.subject).join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

describe.skipIf(!haveNats && !requireNats)('fuzzing every subject while a sweep runs', () => {
  let server: NatsServerHandle;
  let dir: string;
  const running: CliProcess[] = [];

  beforeAll(async () => {
    if (!haveNats) throw new Error('nats-server is required here (CI=true or SEQSWEEP_REQUIRE_NATS=1) but was not found');
    dir = await tempDir('fuzz');
    // Room for payloads over seqsweep's own limit, so that limit is what refuses them.
    const config = join(dir, 'nats.conf');
    await writeFile(config, `max_payload: ${MAX_MESSAGE_BYTES + 1024 * 1024}\n`);
    server = await startNatsServer({ args: ['-c', config] });
  });
  afterAll(async () => {
    for (const p of running) p.kill('SIGKILL');
    await server?.stop();
  });

  /** Runs the spec under `prefix` with one worker; `beforeWorker` runs once the sweep is recorded. */
  async function sweep(prefix: string, beforeWorker: (sweepId: string) => Promise<void>): Promise<{ results: ResultsFile; run: CliProcess; worker: CliProcess }> {
    const spec = await writeSpec(dir, SPEC, `${prefix}.yaml`);
    const out = join(dir, `out-${prefix}`);
    const c = ['--nats', server.url, '--prefix', prefix];
    const run = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui']);
    running.push(run);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    await beforeWorker(sweepId);
    // The worker's data cache (under its temporary folder) inside the test's folder, where the file system check looks.
    const worker = new CliProcess(['worker', ...c], { env: { TMPDIR: join(dir, `tmp-${prefix}`) } });
    running.push(worker);
    expect(await run.exit(60_000), run.output).toBe(0);
    return { results: await readResults(out, sweepId), run, worker };
  }

  it('rejects and logs each bad message once, crashes nothing, and changes no result', async () => {
    const baseline = await sweep('fuzzbase', async () => undefined);
    baseline.worker.kill('SIGTERM');
    expect(await baseline.worker.exit(20_000)).toBe(0);

    const observed = new Reports();
    let observer: NatsTransport | undefined;
    let fuzz: ReturnType<typeof fuzzCatalogue> | undefined;
    const nc = await connect({ servers: server.url });
    const fuzzed = await sweep('fuzz', async (sweepId) => {
      // A reader like the TUI: progress, heartbeats and results, subscribed before anything is published.
      observer = await connectNats({ servers: server.url, prefix: 'fuzz', onInvalid: observed.add });
      observer.subscribeProgress(sweepId, () => undefined);
      observer.subscribeHeartbeats(() => undefined);
      await observer.subscribeResults(sweepId, () => undefined);
      fuzz = fuzzCatalogue('fuzz', sweepId, parseSpec(SPEC), dir);
      const js = jetstream(nc);
      // Stored subjects are published with an ack, so all of it is queued before the worker starts: every bad trial
      // comes before the final trial, and every bad result before the final result.
      for (const m of [...fuzz.trials, fuzz.forgedTrial, ...fuzz.results, fuzz.forgedResult, ...fuzz.earlyResults, ...fuzz.sweepKeys]) await js.publish(m.subject, m.data);
      for (const m of [...fuzz.progress, ...fuzz.heartbeats]) nc.publish(m.subject, m.data);
      await nc.flush();
    });
    await nc.close();
    const f = fuzz!;
    const count = (list: Fuzz[]): number => list.length;

    // The worker: every bad trial and every bad sweep record, once each; the forged trial it ran like any other.
    // All bad trials come on one subject, so past the first few per interval they are only counted, in one line
    // written once the interval ends.
    const trialSubject = f.trials[0]!.subject;
    await fuzzed.worker.waitForLine(new RegExp(`^\\d+ more invalid messages on ${trialSubject.replaceAll('.', '\\.')} in the last \\d+ s$`), 60_000);
    const workerLines = fuzzed.worker.output.split('\n');
    expect(accounted(workerLines), fuzzed.worker.output).toBe(count(f.trials) + count(f.sweepKeys));
    expect(accounted(workerLines, trialSubject)).toBe(count(f.trials));
    expect(workerLines.filter((l) => l.includes(`on ${trialSubject}: `)), 'logged one by one').toHaveLength(RATE_LIMIT);
    for (const k of f.sweepKeys) expect(workerLines.filter((l) => l.includes(`on ${k.subject}: `)), k.what).toHaveLength(1);
    expect(fuzzed.worker.child.exitCode, 'the worker is still running').toBeNull();

    // The coordinator: every bad result once, plus the forged result, the result of the forged trial (not in the
    // plan) and each result sent before its trial was published.
    const coordinatorLines = fuzzed.run.output.split('\n').filter((l) => REJECTED.test(l));
    expect(coordinatorLines, fuzzed.run.output).toHaveLength(count(f.results) + 2 + count(f.earlyResults));
    expect(coordinatorLines.filter((l) => /stage one has chosen no survivors yet|no point is chosen for the final stage yet/.test(l))).toHaveLength(count(f.earlyResults));
    // Nothing a publisher sent reaches a terminal raw: no forged line, no escape.
    for (const p of [fuzzed.run, fuzzed.worker]) expect(p.output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]|^sweep completed/mu);
    expect(fuzzed.results.refusedResults).toBe(2 + count(f.earlyResults));
    expect(fuzzed.run.output).toContain(`refused ${2 + count(f.earlyResults)} results that no published trial of the plan could have: none of them counts`);
    for (const r of f.results) expect(coordinatorLines.filter((l) => l.includes(`on ${r.subject}: `)), r.what).toHaveLength(1);
    expect(coordinatorLines.filter((l) => /is not the id of its stage, point, fold and seed/.test(l))).toHaveLength(2);

    // The observer: progress, heartbeats and results once each, then the sweep records when it lists them.
    await observed.waitFor(count(f.progress) + count(f.heartbeats) + count(f.results));
    expect(await observer!.listSweeps()).toHaveLength(1);
    const expected = [...f.progress, ...f.heartbeats, ...f.results, ...f.sweepKeys];
    expect(observed.seen).toHaveLength(expected.length);
    for (const sub of new Set(expected.map((m) => m.subject))) {
      expect(observed.seen.filter((s) => s.subject === sub).length, sub).toBe(expected.filter((m) => m.subject === sub).length);
    }
    expect(observed.seen.filter((s) => /bytes is over the \d+-byte limit/.test(s.message))).toHaveLength(4);
    await observer!.close();

    fuzzed.worker.kill('SIGTERM');
    expect(await fuzzed.worker.exit(20_000), fuzzed.worker.output).toBe(0);
    expect(fuzzed.results.trials).toHaveLength(12 + 4 + 1);
    expect(comparable(fuzzed.results)).toEqual(comparable(baseline.results));
    const total = [f.trials, [f.forgedTrial], f.results, [f.forgedResult], f.earlyResults, f.progress, f.heartbeats, f.sweepKeys].flat().length;
    // Nothing but what the test and the two runs are meant to write: every hostile name was refused before any write.
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => !e.isDirectory())
      .map((e) => relative(dir, join(e.parentPath, e.name)));
    const expectedPlace = /^(nats\.conf|fuzz(base)?\.yaml|out-fuzz(base)?\/[^/]+\/(results\.json|trials\.csv|report\.html)|tmp-fuzz(base)?\/.*)$/;
    expect(files.filter((f) => !expectedPlace.test(f))).toEqual([]);
    // A hostile name written as a file in an allowed place: `x`, `abs-x`, or one that kept a `\\` or `:` (legal in Linux names).
    expect(files.filter((f) => /(^|[/\\:])(abs-)?x$/.test(f))).toEqual([]);
    console.log(`fuzz: ${total} bad messages published on ${new Set([f.trials, f.results, f.progress, f.heartbeats, f.sweepKeys].flat().map((m) => m.subject.split('.').slice(0, 2).join('.'))).size} kinds of subject; results unchanged`);
  });
});
