// The chaos harness, shared by tools/chaos/chaos.mjs (the full run) and test/chaos.test.ts (the short one inside
// npm test). A noop sweep runs over a real nats-server with file storage while workers are SIGKILLed and replaced,
// the server is stopped and started again, and the coordinator is SIGKILLed and resumed; then the same spec runs
// again without faults, and the two are compared. With `cluster` set, the sweep runs on a 3-node JetStream cluster
// with --replicas 3 instead, and each server fault SIGKILLs one node and restarts it after some more results. With
// `followCluster` too, no process passes --replicas and the workers start (and create the streams) before `run`: the
// layout must then follow the cluster on its own.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, parseSpec } from '@seqsweep/core';
import { connectNats } from '@seqsweep/transport-nats';
import { startNatsServer } from '@seqsweep/transport-nats/testing';
import { faultSchedule, runSweep } from './sweep.mjs';
import { startChaosCluster } from './cluster-server.mjs';
import { checkRun, plannedTrialIds } from './verify.mjs';

/** @type {import('./harness.mjs').ChaosOptions} */
export const CHAOS_DEFAULTS = Object.freeze({
  trials: 240, workers: 4, workerKills: 12, serverRestarts: 2, coordinatorKills: 1, seed: 7, sleepMs: 250,
  ackWaitMs: 3000, maxDeliver: 3, serverDownMs: 1000, timeoutMs: 600_000, keep: false, cluster: null, serverDownResults: 0, followCluster: false,
});

/** Replicas of the streams and buckets on the cluster. */
const CLUSTER_REPLICAS = 3;

/** Filter folds and evaluate folds of the chaos spec. */
const K1 = 3;
const K2 = 4;

/**
 * A noop sweep of about `trials` trials: three quarters in stage one (a learning-rate axis of P points, 3 folds),
 * the rest in stage two (4 folds per survivor), plus the final trial. Every trial sleeps `sleepMs`.
 * @param {{ trials: number; seed: number; sleepMs: number }} o
 */
export function chaosSpec(o) {
  const points = Math.max(2, Math.round((o.trials * 0.75) / K1));
  const keep = Math.min(points, Math.max(1, Math.round((o.trials - points * K1 - 1) / K2)));
  const learningRate = Array.from({ length: points }, (_, i) => Number((1e-4 * (i + 1)).toFixed(6)));
  return {
    name: 'chaos', seed: o.seed,
    task: { name: 'noop', sleepMs: o.sleepMs },
    model: { name: 'lstm-ae' },
    grid: { learningRate },
    stages: { filter: { folds: K1, keep }, evaluate: { folds: K2 } },
  };
}

/**
 * The whole chaos run: the faulty sweep, the fault-free reference, and the checks.
 * @param {Partial<import('./harness.mjs').ChaosOptions> & { log?: (line: string) => void }} [options]
 * @returns {Promise<import('./harness.mjs').ChaosReport>}
 */
export async function runChaos(options = {}) {
  const o = { ...CHAOS_DEFAULTS, ...options };
  const log = options.log ?? (() => undefined);
  const workDir = await mkdtemp(join(tmpdir(), 'seqsweep-chaos-'));
  const server = await startServer(o, workDir, log);
  try {
    const rawSpec = chaosSpec(o);
    const specPath = join(workDir, 'chaos.json');
    await writeFile(specPath, JSON.stringify(rawSpec, null, 2));
    const spec = parseSpec(rawSpec, specPath);
    const total = rawSpec.grid.learningRate.length * K1 + rawSpec.stages.filter.keep * K2 + (spec.final.retrain ? 1 : 0);
    const outDir = join(workDir, 'runs');
    const connArgs = o.cluster && !o.followCluster ? ['--replicas', String(CLUSTER_REPLICAS)] : [];
    // On a cluster a node stays down while the sweep makes this many results (5% of them, at least 3).
    const serverDownResults = o.serverDownResults || Math.max(3, Math.round(total * 0.05));
    const common = { server, connArgs, serverDownResults, specPath, workDir, outDir, workersFirst: o.followCluster, workers: o.workers, ackWaitMs: o.ackWaitMs, maxDeliver: o.maxDeliver, serverDownMs: o.serverDownMs, timeoutMs: o.timeoutMs, total, log };
    const rng = createRng(o.seed, 'chaos');
    const faults = faultSchedule({ workerKills: o.workerKills, serverRestarts: o.serverRestarts, coordinatorKills: o.coordinatorKills }, total, rng);
    log(`chaos sweep: ${total} trials planned; ${faults.length} faults at results ${faults.map((f) => `${f.at} ${f.kind}`).join(', ')}`);
    const chaos = await runSweep({ ...common, prefix: 'chaos', faults, rng });
    log(`fault-free sweep of the same spec (seed ${o.seed})`);
    const reference = await runSweep({ ...common, prefix: 'reference', faults: [], rng });
    const results = await readResultsFile(outDir, chaos.sweepId);
    const referenceResults = await readResultsFile(outDir, reference.sweepId);
    const view = await serverView(server.url, 'chaos', chaos.sweepId);
    const check = checkRun({ planned: plannedTrialIds(spec, chaos.sweepId, referenceResults), results, reference: referenceResults, server: view });
    const report = { options: o, total, workDir, serverDownResults, chaos, reference, check, replicas: view.replicas, failures: [] };
    report.failures = invariantFailures(report, referenceResults);
    return report;
  } finally {
    await server.stop();
    if (!o.keep) await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The lone nats-server on a store the harness names (it survives stop(), so the server comes back on the same port
 * with the same files), or the 3-node cluster.
 * @param {import('./harness.mjs').ChaosOptions} o @param {string} workDir @param {(line: string) => void} log
 */
async function startServer(o, workDir, log) {
  if (o.cluster) {
    const server = await startChaosCluster({ trialsStream: 'chaos_TRIALS', victim: o.cluster, log });
    log(`nats cluster ${server.url} (${server.cluster.nodes.map((n) => n.name).join(', ')}), replicas ${o.followCluster ? 'as the cluster allows (no --replicas, workers first)' : CLUSTER_REPLICAS}, server faults kill: ${o.cluster}; logs in ${workDir}`);
    return server;
  }
  const storeDir = join(workDir, 'jetstream');
  const server = await startNatsServer({ storeDir });
  log(`nats-server ${server.url}, store ${storeDir}, logs in ${workDir}`);
  return server;
}

/** @param {string} outDir @param {string} sweepId */
async function readResultsFile(outDir, sweepId) {
  return JSON.parse(await readFile(join(outDir, sweepId, 'results.json'), 'utf8'));
}

/** What the server holds for the sweep after the run: results stored, trials still queued, the record's status. */
async function serverView(url, prefix, sweepId) {
  const t = await connectNats({ servers: url, prefix, name: 'seqsweep-chaos-check' });
  try {
    const stored = (await t.readResults(sweepId)).map((r) => r.trialId);
    const replicas = Object.fromEntries((await t.replicas()).map((r) => [r.stream, r.to]));
    return { stored, queued: await t.queuedTrials(sweepId), status: (await t.getSweep(sweepId))?.status, replicas };
  } finally {
    await t.close();
  }
}

/**
 * Every invariant that does not hold, as a sentence; empty when the run passed.
 * @param {import('./harness.mjs').ChaosReport} r
 * @param {import('@seqsweep/core').ResultsFile} referenceResults
 */
function invariantFailures(r, referenceResults) {
  const f = [];
  const { chaos, reference, check, options: o } = r;
  const wanted = { workerKills: o.workerKills, serverRestarts: o.serverRestarts, coordinatorKills: o.coordinatorKills };
  for (const [k, n] of Object.entries(wanted)) if (chaos.injected[k] < n) f.push(`only ${chaos.injected[k]} of ${n} ${k} were injected before the sweep ended`);
  if (!chaos.finished) f.push('the chaos sweep did not finish');
  if (!reference.finished) f.push('the fault-free sweep did not finish');
  for (const crash of [...chaos.coordinatorCrashes, ...reference.coordinatorCrashes]) f.push(`a coordinator failed: ${crash}`);
  const crashed = [...chaos.workerExits, ...reference.workerExits].filter((e) => e.afterReady);
  if (crashed.length) f.push(`${crashed.length} workers exited on their own after they were ready: ${crashed.map((e) => `${e.worker} (${e.exit})`).join(', ')}`);
  if (referenceResults.trials.length !== r.total) f.push(`the fault-free run has ${referenceResults.trials.length} trials, not the ${r.total} planned`);
  const counts = {
    lost: check.lost, duplicates: check.duplicates, unplanned: check.unplanned, failed: check.failed, stuck: check.stuck,
    'duplicates in the results stream': check.storedDuplicates, 'trials left in the work queue': check.leftInQueue,
  };
  for (const [k, n] of Object.entries(counts)) if (n !== 0) f.push(`${k}: ${n}`);
  if (check.sweepStatus !== 'completed') f.push(`the sweep ended ${check.sweepStatus}`);
  if (!check.leaderboardEqual) f.push(`the leaderboard differs from the fault-free run: ${[...check.details.leaderboardDiff.slice(0, 5), check.details.bestEqual ? '' : 'best point differs'].filter(Boolean).join('; ')}`);
  if (check.details.failed.length) f.push(`failed trials: ${check.details.failed.slice(0, 5).join('; ')}`);
  return f;
}

/**
 * The printed summary of a chaos run.
 * @param {import('./harness.mjs').ChaosReport} r
 * @returns {string[]}
 */
export function summaryTable(r) {
  const { chaos, check, options: o } = r;
  const startFailures = chaos.workerExits.filter((e) => !e.afterReady).length;
  const rows = [
    ['trials planned', r.total],
    ['workers', `${o.workers} (${chaos.workersStarted} processes started in all)`],
    ['worker SIGKILLs survived', `${chaos.injected.workerKills} of ${o.workerKills}`],
    o.cluster
      ? ['cluster nodes SIGKILLed and restarted', `${chaos.injected.serverRestarts} of ${o.serverRestarts} (${o.cluster}; each down for ${r.serverDownResults} results)`]
      : ['nats-server restarts survived', `${chaos.injected.serverRestarts} of ${o.serverRestarts} (${o.serverDownMs} ms down each)`],
    ['coordinator SIGKILL + resume', `${chaos.injected.coordinatorKills} of ${o.coordinatorKills}`],
    ['workers that could not connect at start', startFailures],
    ['workers that crashed', chaos.workerExits.length - startFailures],
    ['trials in results.json', check.inResults],
    ['results in the results stream', check.storedResults],
    ['trials redelivered (attempts > 1)', check.redelivered],
    ['results sent twice, refused by the server', chaos.refusedDuplicates],
    ['lost', check.lost],
    ['duplicates', check.duplicates + check.storedDuplicates],
    ['unplanned', check.unplanned],
    ['failed', check.failed],
    ['stuck (no result stored on the server)', check.stuck],
    ['left in the work queue after the sweep', check.leftInQueue],
    ['sweep status', check.sweepStatus],
    ['replicas of the streams and buckets', Object.entries(r.replicas).map(([k, v]) => `${k} ${v ?? '-'}`).join(', ')],
    ['leaderboard equals fault-free run', check.leaderboardEqual ? 'yes' : 'no'],
    ['wall time, chaos run', `${(chaos.wallMs / 1000).toFixed(1)} s`],
    ['wall time, fault-free run', `${(r.reference.wallMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
}
