import { haltedText, parseSpec, pointId, pointsInFlight, raceVerdict, SpecError, type SweepRecord, type Transport, type TrialResult, type WorkerHeartbeat } from '@seqsweep/core';
import { optionalInt, type ParsedArgs } from '../args.js';
import { connectFromArgs, natsUrl } from '../connect.js';
import { UsageError, ExitCode } from '../usage-error.js';
import type { CommandIo } from '../io.js';
import { invalidLog } from '../invalid-log.js';

const STAGES = ['filter', 'evaluate', 'final'] as const;

/**
 * `seqsweep status [sweepId]`: the sweeps on a server, or one sweep's stage and trial counts; with `--json`, the
 * same as one JSON document on stdout.
 */
export async function statusCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const url = natsUrl(args, io.env);
  if (!url) throw new UsageError('`status` needs --nats URL (or NATS_URL)');
  const json = args.flags.json === true;
  const listen = optionalInt(args, 'listen');
  const transport = await connectFromArgs(args, url, 'seqsweep-status');
  const rejected = invalidLog(io.err);
  transport.onInvalid((subject, e) => rejected.log(subject, `rejected a message on ${subject}: ${e.message}`));
  try {
    if (listen !== undefined) {
      const workers = await heardWorkers(transport, listen);
      if (json) {
        io.out(JSON.stringify({ server: transport.description, workers: workers.map((w) => ({ workerId: w.workerId, host: w.host, state: w.state, code: w.code ?? 'none', sweepId: w.sweepId ?? null })) }, null, 2));
        return ExitCode.Done;
      }
      io.out(`${workers.length} worker${workers.length === 1 ? '' : 's'} heard on ${transport.description} within ${listen} ms`);
      for (const w of workers) io.out(`  ${w.workerId} on ${w.host}: ${w.state}${w.sweepId ? ` (${w.sweepId})` : ''}, runs code: ${CODE_WORDS[w.code ?? 'none']}`);
      return ExitCode.Done;
    }
    const id = args.positionals[0];
    if (!id) {
      const sweeps = (await transport.listSweeps()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      if (json) {
        const list = sweeps.map((s) => ({ sweepId: s.sweepId, name: s.name, status: s.status, stage: s.stage, createdAt: s.createdAt, updatedAt: s.updatedAt }));
        io.out(JSON.stringify({ server: transport.description, sweeps: list }, null, 2));
        return ExitCode.Done;
      }
      if (sweeps.length === 0) io.out(`no sweeps on ${transport.description}`);
      for (const s of sweeps) io.out(`${s.sweepId}  ${s.status.padEnd(9)} stage ${s.stage.padEnd(8)} created ${s.createdAt}`);
      return ExitCode.Done;
    }
    const record = await transport.getSweep(id);
    if (!record) {
      io.err(`seqsweep: no sweep "${id}" on ${transport.description}.`);
      io.err('Fix: run `seqsweep status` without an id to list the sweeps there.');
      return ExitCode.Failure;
    }
    const results = await transport.readResults(id);
    const counts: Record<string, Record<string, number>> = {};
    for (const stage of STAGES) {
      const of = results.filter((r) => r.stage === stage);
      if (of.length > 0) counts[stage] = countBy(of);
    }
    if (json) {
      io.out(JSON.stringify({
        sweepId: record.sweepId, name: record.name, status: record.status, stage: record.stage, createdAt: record.createdAt,
        updatedAt: record.updatedAt, results: counts, survivors: record.survivors ?? [], pruned: record.pruned,
        ...(record.race ? { race: { racedOut: record.race.out, decided: record.race.decided } } : {}),
        ...(record.rungs ? { rungs: record.rungs } : {}),
        ...(record.search ? { search: searchStatus(record, results) } : {}),
      }, null, 2));
      return ExitCode.Done;
    }
    io.out(`sweep ${record.sweepId} (${record.name}): ${record.status}, stage ${record.stage}, updated ${record.updatedAt}`);
    for (const [stage, c] of Object.entries(counts)) io.out(`  ${stage.padEnd(8)} ${Object.entries(c).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    if (record.search) {
      const s = searchStatus(record, results);
      const flight = s.inFlight === undefined ? '' : `, ${s.inFlight} in flight`;
      io.out(`  search ${s.strategy}: ${s.drawn} points drawn${flight}${s.exhausted ? ' (the space ran out: stage one ended early)' : ''}`);
    }
    if (record.survivors?.length) io.out(`  survivors: ${record.survivors.join(', ')}`);
    if (record.pruned.length) io.out(`  pruned: ${record.pruned.join(', ')}`);
    for (const o of record.race?.out ?? []) io.out(`  raced out of ${o.stage}: ${o.pointId} ${raceVerdict(o)} against ${o.leader}`);
    for (const [stage, d] of Object.entries(record.race?.decided ?? {})) {
      io.out(`  ${stage} race decided: ${d.live.join(', ')} left live (${d.folds.join(', ')} folds); the stage's other folds are skipped`);
    }
    for (const line of rungLines(record)) io.out(line);
    return ExitCode.Done;
  } finally {
    await transport.close();
    rejected.close();
  }
}

const CODE_WORDS = { all: 'any sweep\'s (--allow-code)', trusted: 'trusted modules only (--trust)', none: 'no (sweeps with modules are left to others)' } as const;

/** The last heartbeat of every worker heard within `ms`, by worker id. */
async function heardWorkers(transport: Transport, ms: number): Promise<WorkerHeartbeat[]> {
  const last = new Map<string, WorkerHeartbeat>();
  const sub = transport.subscribeHeartbeats((beat) => last.set(beat.workerId, beat));
  // Heartbeats come every few seconds: listening is what this command was asked to do, for the time it was given.
  await new Promise((resolve) => setTimeout(resolve, ms));
  sub.unsubscribe();
  return [...last.values()].sort((a, b) => a.workerId.localeCompare(b.workerId));
}

/** Results by status, in the order the statuses first appear. */
/** Stage one's search: the strategy, the points drawn, and those whose folds have not all ended (when the spec reads). */
function searchStatus(record: SweepRecord, results: readonly TrialResult[]): { strategy: string; drawn: number; inFlight?: number; exhausted?: true } {
  const search = record.search!;
  const out = { strategy: search.strategy, drawn: search.drawn.length, ...(search.exhausted ? { exhausted: true as const } : {}) };
  let folds: number;
  try {
    folds = parseSpec(record.spec, `sweep ${record.sweepId}`).stages.filter.folds;
  } catch (e) {
    // A record written by another version of seqsweep: the count of points in flight is left out.
    if (e instanceof SpecError) return out;
    throw e;
  }
  const ended = new Map<string, number>();
  for (const r of results) if (r.stage === 'filter') ended.set(r.pointId, (ended.get(r.pointId) ?? 0) + 1);
  const ids = search.drawn.map(pointId);
  return { ...out, inFlight: pointsInFlight(search, (i) => ended.get(ids[i]!) ?? 0, folds) };
}

function countBy(results: readonly TrialResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/** `filter rungs: 6 promoted to rung 1, 2 to rung 2; rung 1 closed` and one line per halted point. */
function rungLines(record: SweepRecord): string[] {
  const state = record.rungs;
  if (!state) return [];
  const lines: string[] = [];
  for (const stage of ['filter', 'evaluate'] as const) {
    const promoted = state.promoted.filter((p) => p.stage === stage);
    const closed = state.closed[stage];
    if (promoted.length === 0 && closed === undefined) continue;
    const byRung = new Map<number, number>();
    for (const p of promoted) byRung.set(p.rung, (byRung.get(p.rung) ?? 0) + 1);
    const counts = [...byRung].sort(([a], [b]) => a - b).map(([rung, n], i) => `${n} ${i === 0 ? 'promoted ' : ''}to rung ${rung}`);
    lines.push(`  ${stage} rungs: ${counts.length > 0 ? counts.join(', ') : 'none promoted yet'}${closed === undefined ? '' : `; rung ${closed} closed`}`);
  }
  for (const h of state.halted) lines.push(`  halted in ${h.stage}: ${h.pointId} ${haltedText(h)}`);
  return lines;
}
