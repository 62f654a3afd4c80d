import { MemoryTransport, type ObjectReadLimits, type Transport } from '@seqsweep/core';
import type { NatsTransport } from '@seqsweep/transport-nats';
import { intOption, type ParsedArgs } from './args.js';

/** The NATS URL from `--nats` or `NATS_URL`, if any. */
export function natsUrl(args: ParsedArgs, env: NodeJS.ProcessEnv): string | undefined {
  return args.values.nats ?? (env.NATS_URL || undefined);
}

/** Connects to NATS with every authentication and TLS option the command line gives. */
export async function connectFromArgs(args: ParsedArgs, url: string, name: string): Promise<NatsTransport> {
  const v = args.values;
  // Loaded only for a server: a sweep in memory starts its local workers without the NATS client's modules.
  const { connectNats } = await import('@seqsweep/transport-nats');
  return connectNats({
    // Several comma-separated URLs are split, and their credentials taken out, by connectNats.
    servers: url,
    prefix: v.prefix,
    replicas: v.replicas === undefined ? undefined : intOption(args, 'replicas', 1, 1),
    objectLimits: objectLimits(args),
    name,
    auth: {
      ...(v.user !== undefined ? { user: v.user, pass: v.password ?? '' } : {}),
      ...(v.token !== undefined ? { token: v.token } : {}),
      ...(v.creds !== undefined ? { credsFile: v.creds } : {}),
      ...(v.nkey !== undefined ? { nkeySeedFile: v.nkey } : {}),
    },
    tls: v['tls-ca'] || v['tls-cert'] || v['tls-key'] ? { ca: v['tls-ca'], cert: v['tls-cert'], key: v['tls-key'] } : undefined,
  });
}

/** The transport a command uses: NATS when a URL is given, else the in-process default. */
export async function openTransport(args: ParsedArgs, env: NodeJS.ProcessEnv, name: string): Promise<{ transport: Transport; embedded: boolean }> {
  const url = natsUrl(args, env);
  if (url) return { transport: await connectFromArgs(args, url, name), embedded: false };
  return { transport: new MemoryTransport({ objectLimits: objectLimits(args) }), embedded: true };
}

/** `--max-object-mb` as object read limits; absent, the transport's own default (256 MiB) applies. */
function objectLimits(args: ParsedArgs): ObjectReadLimits | undefined {
  const mib = args.values['max-object-mb'] === undefined ? undefined : intOption(args, 'max-object-mb', 1, 1);
  return mib === undefined ? undefined : { maxBytes: mib * 1024 * 1024 };
}
