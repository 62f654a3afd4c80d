import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IpcTransport, type CodePolicy, type Transport } from '@seqsweep/core';
import { DatasetCache, selectBackend } from '@seqsweep/ml';
import { SweepWorker } from '@seqsweep/worker';
import { intOption, type ParsedArgs } from '../args.js';
import { connectFromArgs, natsUrl } from '../connect.js';
import { UsageError, ExitCode } from '../usage-error.js';
import type { CommandIo } from '../io.js';
import { backendOption } from '../backend-option.js';
import { invalidLog } from '../invalid-log.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

/**
 * `seqsweep worker --nats URL`: pulls and trains trials until stopped. With `--concurrency N` it runs N worker
 * processes (one trial each at a time) and forwards stop signals to them.
 */
export async function workerCommand(args: ParsedArgs, io: CommandIo, argv: readonly string[]): Promise<number> {
  const url = natsUrl(args, io.env);
  if (!url) throw new UsageError('`worker` needs --nats URL (or NATS_URL); for a sweep on this machine alone, `seqsweep run` starts its own workers');
  const concurrency = intOption(args, 'concurrency', 1, 1);
  codePolicy(args);
  if (concurrency > 1) return superviseWorkers(argv, concurrency, io);
  const transport = await connectFromArgs(args, url, 'seqsweep-worker');
  return runWorker(transport, args, io);
}

/** What code the worker runs: `--allow-code` any sweep's modules, `--trust` those of the given digests. */
export function codePolicy(args: ParsedArgs): CodePolicy {
  const trust = (args.values.trust ?? '').split(',').map((d) => d.trim().toLowerCase()).filter((d) => d.length > 0);
  const bad = trust.find((d) => !/^[0-9a-f]{64}$/.test(d));
  if (bad !== undefined) throw new UsageError(`--trust takes module digests (64 hex digits, as \`seqsweep plan\` prints them), got "${bad}"`);
  return { allowCode: args.flags['allow-code'] === true, trust };
}

/**
 * Runs one worker on `transport` until a stop signal: the first hands the running trial back (or drains with
 * --drain). `code` overrides the flags' code policy (the embedded default runs the user's own modules).
 */
export async function runWorker(transport: Transport, args: ParsedArgs, io: CommandIo, code: CodePolicy = codePolicy(args)): Promise<number> {
  const backend = backendOption(args);
  if (backend) await selectBackend(backend);
  const rejected = invalidLog(io.err);
  transport.onInvalid((subject, e) => rejected.log(subject, `rejected a message on ${subject}: ${e.message}`));
  const worker = new SweepWorker({
    transport,
    workerId: io.env.SEQSWEEP_WORKER_ID || undefined,
    sweepId: args.values.sweep || undefined,
    drain: args.flags.drain === true,
    datasets: new DatasetCache(),
    code,
    log: (line) => io.err(line),
  });
  io.onStop((signal, repeated) => {
    io.err(`${signal}: ${repeated || !args.flags.drain ? 'handing back the running trial and stopping' : 'finishing the running trial, then stopping (again to hand it back)'}`);
    worker.stop({ drain: args.flags.drain === true && !repeated });
  });
  try {
    await worker.run();
  } finally {
    await transport.close();
    rejected.close();
  }
  return ExitCode.Done;
}

/** A forked local worker of the embedded default: its transport is the parent's, over IPC. */
export async function localWorkerCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  if (!process.send) throw new UsageError('__local-worker is internal: it runs only as a child of `seqsweep run`');
  const transport = new IpcTransport({
    send: (frame) => {
      if (process.connected) process.send!(frame);
    },
    on: (event, listener) => process.on(event, listener),
    off: (event, listener) => process.off(event, listener),
  }, 'embedded');
  // The parent owns the queue: when it goes, so does this worker.
  const parentGone = (): void => void process.kill(process.pid, 'SIGTERM');
  process.once('disconnect', parentGone);
  try {
    // The embedded default runs on the user's own machine, from the user's own spec: its modules are theirs.
    return await runWorker(transport, args, io, { allowCode: true });
  } finally {
    // main.ts closes the channel once the command returns; that is not the parent going away.
    process.off('disconnect', parentGone);
  }
}

async function superviseWorkers(argv: readonly string[], n: number, io: CommandIo): Promise<number> {
  const childArgs = argv.filter((a, i) => !(a === '--concurrency' || a.startsWith('--concurrency=') || argv[i - 1] === '--concurrency'));
  const children = Array.from({ length: n }, (_, i) => fork(MAIN, [...childArgs, '--concurrency=1'], {
    stdio: 'inherit', env: { ...io.env, SEQSWEEP_WORKER_ID: `${io.env.SEQSWEEP_WORKER_ID || `${process.pid}`}-${i + 1}` },
  }));
  io.onStop((signal) => {
    for (const c of children) if (c.exitCode === null) c.kill(signal as NodeJS.Signals);
  });
  const codes = await Promise.all(children.map((c) => new Promise<number>((resolve) => c.once('exit', (code) => resolve(code ?? 1)))));
  return codes.every((c) => c === 0) ? ExitCode.Done : ExitCode.Failure;
}
