import { availableParallelism } from 'node:os';
import { intOption, type ParsedArgs } from '../args.js';
import { connectFromArgs, natsUrl } from '../connect.js';
import { LocalWorkers } from '../local-workers.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from '../io.js';
import { backendArgs, workerLog } from './run.js';
import { driveSweep } from './drive.js';
import { embeddedResumeTransport } from './resume-embedded.js';

/**
 * `seqsweep resume <sweepId>`: continues a sweep after its coordinator died; finished trials are not re-run. With
 * --nats the state is the server's; without, it is an embedded sweep's run folder (`<out>/<sweepId>/results.json`),
 * run by local workers like `seqsweep run`.
 */
export async function resumeCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const sweepId = args.positionals[0];
  if (!sweepId) throw new UsageError('`resume` needs the sweep id, e.g. `seqsweep resume toy-20261128-120000-ab12 --nats nats://host:4222`');
  const url = natsUrl(args, io.env);
  if (!url) {
    const workers = intOption(args, 'workers', availableParallelism(), 1);
    const transport = await embeddedResumeTransport(args, io.cwd, sweepId);
    const pool = new LocalWorkers(transport, workers, { log: workerLog(args, io), extraArgs: backendArgs(args) });
    return driveSweep(args, io, transport, pool, (c) => c.resume(sweepId), true);
  }
  const transport = await connectFromArgs(args, url, `seqsweep-coordinator ${sweepId}`);
  const workers = intOption(args, 'workers', 0);
  const pool = workers > 0 ? new LocalWorkers(transport, workers, { log: workerLog(args, io), extraArgs: backendArgs(args) }) : undefined;
  // The coordinator reads the stored record and parses its spec, once; the progress lines take it from there.
  return driveSweep(args, io, transport, pool, (c) => c.resume(sweepId));
}
