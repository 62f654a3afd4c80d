/**
 * Connecting to NATS: every failure a user can fix (no server there, credentials refused, JetStream off) becomes
 * a `UserError` (`TRANSPORT_UNAVAILABLE`) that names the server and says what to do.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ErrorCode, UserError } from '../../errors.js';
import { natsLayout } from './nats-layout.js';
import { resolveNatsOptions, type NatsConnectOptions } from './nats-options.js';
import { setUpLayout } from './nats-setup.js';
import { NatsTransport } from './nats-transport.js';

/** Connects to NATS, creates the prefix's streams and buckets if needed, and returns the transport. */
export async function connectNats(options: NatsConnectOptions): Promise<NatsTransport> {
  const resolved = await resolveNatsOptions(options);
  const where = resolved.servers.map(withScheme).join(', ');
  const nc = await connect(resolved.client).catch((error: unknown) => {
    throw connectError(error, where, resolved.connectTimeoutMs);
  });
  try {
    const jsm = await jetstreamManager(nc).catch((error: unknown) => {
      throw new UserError(ErrorCode.TransportUnavailable, `nats-server at ${where} does not offer JetStream (${message(error)})`, {
        fix: 'start nats-server with JetStream enabled (nats-server -js), or give this account JetStream access',
        cause: error,
      });
    });
    const js = jetstream(nc);
    const layout = natsLayout(resolved.prefix);
    const buckets = await setUpLayout(js, jsm, layout, resolved.duplicateWindowMs);
    return new NatsTransport({ nc, js, jsm, layout, buckets, description: describe(nc, resolved.servers[0]!), onInvalid: resolved.onInvalid });
  } catch (error) {
    await nc.close();
    throw error;
  }
}

function connectError(error: unknown, where: string, timeoutMs: number): UserError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'AuthorizationError' || name === 'UserAuthenticationExpiredError') {
    return new UserError(ErrorCode.TransportUnavailable, `nats-server at ${where} refused the credentials (${message(error)})`, {
      fix: 'check --token, --user and --password, --nkey or --creds against the server\'s authorization settings',
      cause: error,
    });
  }
  const why = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : message(error);
  return new UserError(ErrorCode.TransportUnavailable, `cannot reach nats-server at ${where}: ${why}`, {
    fix: 'start nats-server with JetStream (nats-server -js), or pass the URL of a running one with --nats',
    cause: error,
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withScheme(server: string): string {
  return /^[a-z]+:\/\//i.test(server) ? server : `nats://${server}`;
}

/** The server actually connected to, for logs. */
function describe(nc: NatsConnection, fallback: string): string {
  const server = nc.getServer();
  return server ? withScheme(server) : withScheme(fallback);
}
