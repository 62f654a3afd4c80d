import type { ParsedArgs } from '../args.js';
import { connectFromArgs, natsUrl } from '../connect.js';
import { UsageError, ExitCode } from '../usage-error.js';
import type { CommandIo } from '../io.js';

/** JetStream's most replicas of one stream. */
const MAX_REPLICAS = 5;

/**
 * `seqsweep replicas [N]`: without N, prints the replicas of the prefix's streams and buckets; with N, sets them in
 * place (the server copies them to their new peers) and prints each one's before and after. The streams and buckets
 * that do not exist yet are created first, as any command creates them.
 */
export async function replicasCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const url = natsUrl(args, io.env);
  if (!url) throw new UsageError('`replicas` needs --nats URL (or NATS_URL), with every server of the cluster');
  const given = args.positionals[0];
  const replicas = Number(given);
  if (given !== undefined && !(/^\d+$/.test(given) && replicas >= 1 && replicas <= MAX_REPLICAS)) {
    throw new UsageError(`\`replicas\` takes the number of replicas, 1 to ${MAX_REPLICAS} (3 on a cluster of three servers), e.g. \`seqsweep replicas 3\`, not "${given}"`);
  }
  if (args.positionals.length > 1) throw new UsageError(`\`replicas\` takes one number, not ${args.positionals.length} arguments`);
  const transport = await connectFromArgs(args, url, 'seqsweep-replicas');
  try {
    if (given === undefined) {
      for (const s of await transport.replicas()) io.out(`${s.stream}: ${s.to === undefined ? 'not there' : `${s.to} replica${s.to === 1 ? '' : 's'}`}`);
      return ExitCode.Done;
    }
    for (const s of await transport.setReplicas(replicas)) {
      io.out(s.from === undefined ? `${s.stream}: not there` : s.from === s.to ? `${s.stream}: ${s.to} replicas, unchanged` : `${s.stream}: ${s.from} -> ${s.to} replicas`);
    }
    io.out(`every stream and bucket of prefix ${transport.prefix} on ${transport.description} now has ${replicas} replica${replicas === 1 ? '' : 's'}`);
    return ExitCode.Done;
  } finally {
    await transport.close();
  }
}
