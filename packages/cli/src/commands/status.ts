import { type TrialResult } from '@seqsweep/core';
import type { ParsedArgs } from '../args.js';
import { connectFromArgs, natsUrl } from '../connect.js';
import { UsageError, ExitCode } from '../errors.js';
import type { CommandIo } from '../io.js';
import { invalidLog } from '../invalid-log.js';

/** `seqsweep status [sweepId]`: the sweeps on a server, or one sweep's stage and trial counts. */
export async function statusCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const url = natsUrl(args, io.env);
  if (!url) throw new UsageError('`status` needs --nats URL (or NATS_URL)');
  const transport = await connectFromArgs(args, url, 'seqsweep-status');
  const rejected = invalidLog(io.err);
  transport.onInvalid((subject, e) => rejected.log(subject, `rejected a message on ${subject}: ${e.message}`));
  try {
    const id = args.positionals[0];
    if (!id) {
      const sweeps = (await transport.listSweeps()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
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
    io.out(`sweep ${record.sweepId} (${record.name}): ${record.status}, stage ${record.stage}, updated ${record.updatedAt}`);
    for (const stage of ['filter', 'evaluate', 'final'] as const) {
      const of = results.filter((r) => r.stage === stage);
      if (of.length === 0) continue;
      io.out(`  ${stage.padEnd(8)} ${countBy(of)}`);
    }
    if (record.survivors?.length) io.out(`  survivors: ${record.survivors.join(', ')}`);
    if (record.pruned.length) io.out(`  pruned: ${record.pruned.join(', ')}`);
    return ExitCode.Done;
  } finally {
    await transport.close();
    rejected.close();
  }
}

function countBy(results: readonly TrialResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
}
