import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import {
  MemoryTransport, fromResultsTrial, parseResultsFile, racedStages, readRegularFile, resolveQueueOptions, sha256Hex, stageRungs, type ModuleRef,
  type ResultsFile, type SweepRecord, type Transport,
} from '@seqsweep/core';
import { optionalInt, type ParsedArgs } from '../args.js';
import { UsageError } from '../usage-error.js';

/**
 * An embedded sweep's state, rebuilt from the results.json its run wrote when its local workers were gone: a fresh
 * in-memory transport holding the sweep record and every finished trial's result, so the coordinator's resume
 * publishes only the trials without one. The in-memory queue died with that run; results.json is all that is left.
 * A racing sweep's race (rounds published, points raced out, decisions) comes from results.json's `race.state`;
 * a file written before that was kept is refused. The rungs (promotions, halted points) come from `halving.state`; a
 * stage that trains in rungs and had begun is refused, since its checkpoints were kept in the dead run's memory.
 */
export async function embeddedResumeTransport(args: ParsedArgs, cwd: string, sweepId: string): Promise<MemoryTransport> {
  const file = await readRunFolder(resolve(cwd, args.values.out ?? 'runs'), sweepId, cwd);
  if (file.status !== 'running') {
    throw new UsageError(`sweep ${sweepId} is already ${file.status} (its results.json says so); there is nothing to resume`);
  }
  if (racedStages(file.spec).length > 0 && !file.race?.state) {
    throw new UsageError(
      `sweep ${sweepId} races its folds, and its results.json was written before the racing state was kept there, so it cannot be resumed; ` +
      'run the spec again, or run it with --nats so that `seqsweep resume --nats` continues it',
    );
  }
  if (file.stage !== 'final' && stageRungs(file.spec, file.stage) && file.trials.some((t) => t.stage === file.stage)) {
    throw new UsageError(
      `sweep ${sweepId} was in the middle of its ${file.stage} stage, which trains in rungs, and the checkpoints its promoted folds continue from ` +
      'were kept in the embedded run\'s memory, so it cannot be resumed; run the spec again, or run it with --nats so that `seqsweep resume --nats` continues it',
    );
  }
  const transport = new MemoryTransport();
  try {
    const record = recordOf(file, args);
    await restoreCode(transport, file);
    await transport.ensureSweep(sweepId, record.queue);
    await transport.putSweep(record);
    // In the order they finished, the nearest results.json keeps to the order they arrived in: a strategy that draws
    // as results arrive (tpe) replays them in that order to draw as the first run would have.
    const byFinish = [...file.trials].sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? ''));
    for (const trial of byFinish) await transport.publishResult(fromResultsTrial(file.sweepId, trial, file.updatedAt));
    return transport;
  } catch (e) {
    await transport.close();
    throw e;
  }
}

async function readRunFolder(outDir: string, sweepId: string, cwd: string): Promise<ResultsFile> {
  const path = join(outDir, sweepId, 'results.json');
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    // A regular file only, opened without blocking: a FIFO left there is refused in one sentence, not waited on.
    text = (await readRegularFile(path, { noun: 'results file', fix: `remove ${path}; it is not what a sweep writes` })).toString('utf8');
  } catch (e) {
    if ((e as { cause?: NodeJS.ErrnoException }).cause?.code !== 'ENOENT') throw e;
    throw new UsageError(
      `no ${shown} to resume sweep ${sweepId} from: an embedded sweep (no --nats) is resumed from its run folder, so give the run's --out; ` +
      'a sweep run with --nats is resumed from the server with `seqsweep resume <sweepId> --nats URL`',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${shown} is not JSON (${e instanceof Error ? e.message : String(e)}), so sweep ${sweepId} cannot be resumed from it; run the spec again`);
  }
  const check = parseResultsFile(value);
  if (!check.ok) throw new UsageError(`${shown} is not a seqsweep results file (${check.problem}), so sweep ${sweepId} cannot be resumed from it; run the spec again`);
  if (check.file.sweepId !== sweepId) throw new UsageError(`${shown} belongs to sweep ${check.file.sweepId}, not ${sweepId}; check the id and --out`);
  return check.file;
}

/** The sweep record as the run last stored it, less what results.json does not keep (data refs: embedded runs share no data). */
function recordOf(file: ResultsFile, args: ParsedArgs): SweepRecord {
  return {
    sweepId: file.sweepId, name: file.name, spec: file.spec as SweepRecord['spec'], stage: file.stage, status: 'running',
    createdAt: file.createdAt, updatedAt: file.updatedAt, pruned: file.pruned,
    queue: resolveQueueOptions({ ackWaitMs: optionalInt(args, 'ack-wait'), maxDeliver: optionalInt(args, 'max-deliver') }),
    // Survivors exist once stage one has ended; before that results.json writes [] for them.
    ...(file.stage === 'filter' ? {} : { survivors: file.survivors }),
    ...(file.race?.state ? { race: file.race.state } : {}),
    ...(file.halving?.state ? { rungs: file.halving.state } : {}),
    // The points stage one drew, so the resumed run takes them from here and never draws them again.
    ...(file.search ? { search: file.search } : {}),
    ...(file.code ? { codeRefs: file.code } : {}),
  };
}

/**
 * Puts the sweep's modules back into the fresh object store from where the spec names them, each file checked
 * against the digest results.json records: a module changed since the sweep started would run other code than its
 * finished trials ran, so the resume is refused.
 */
async function restoreCode(transport: Transport, file: ResultsFile): Promise<void> {
  const modules: Array<[string | undefined, ModuleRef | undefined]> = [
    [(file.spec.task as { module?: string }).module, file.code?.task], [(file.spec.model as { module?: string }).module, file.code?.model],
  ];
  for (const [entry, ref] of modules) {
    if (!entry || !ref) continue;
    for (const [path, object] of Object.entries(ref.files)) {
      const local = join(dirname(entry), ...path.split('/'));
      const bytes = await readFile(local).catch(() => null);
      if (!bytes || sha256Hex(bytes) !== object.digest) {
        throw new UsageError(
          `module ${entry} has changed since sweep ${file.sweepId} started (${local} ${bytes ? 'differs from' : 'is missing, unlike'} the copy whose digest results.json records), ` +
          'so resuming would run other code than its finished trials ran; restore the module, or run the spec again',
        );
      }
      await transport.putObject(object.name, bytes);
    }
  }
}
