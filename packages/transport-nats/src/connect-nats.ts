/**
 * Connecting to NATS: every failure a user can fix (no server there, credentials refused, a certificate not
 * trusted, JetStream off) becomes a `UserError` (`TRANSPORT_UNAVAILABLE`) that names the server and says what to
 * do. No message ever shows credentials: the URLs named have them redacted (see server-urls.ts).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ErrorCode, UserError } from '@seqsweep/core';
import { natsLayout } from './nats-layout.js';
import { resolveNatsOptions, type NatsConnectOptions } from './nats-options.js';
import { setUpLayout } from './nats-setup.js';
import { clusterReplicas } from './nats-replicas.js';
import { NatsTransport } from './nats-transport.js';
import { retryTransient } from './retry-transient.js';

/** Connects to NATS, creates the prefix's streams and buckets if needed, and returns the transport. */
export async function connectNats(options: NatsConnectOptions): Promise<NatsTransport> {
  const resolved = await resolveNatsOptions(options);
  const where = resolved.shown.map(withScheme).join(', ');
  const tls = resolved.client.tls !== undefined || resolved.servers.some((s) => /^tls:\/\//i.test(s));
  const nc = await connect(resolved.client).catch((error: unknown) => {
    throw connectError(error, where, resolved.connectTimeoutMs, tls);
  });
  try {
    // A server that says it runs JetStream but does not answer for it is a cluster electing its meta leader (or
    // starting): wait for it as for any passing trouble. One that does not say so has JetStream off.
    const retryJs = { windowMs: nc.info?.jetstream === true ? resolved.retryWindowMs : 0, signal: new AbortController().signal, where };
    const jsm = await (retryJs.windowMs > 0 ? retryTransient('reaching JetStream', () => jetstreamManager(nc), retryJs) : jetstreamManager(nc)).catch((error: unknown) => {
      throw new UserError(ErrorCode.TransportUnavailable, `nats-server at ${where} does not offer JetStream (${message(error)})`, {
        fix: 'start nats-server with JetStream enabled (nats-server -js), or give this account JetStream access',
        cause: error,
      });
    });
    const js = jetstream(nc);
    const layout = natsLayout(resolved.prefix);
    const description = (): string => describe(nc, resolved.servers[0]!, tls);
    const setUp = { duplicateWindowMs: resolved.duplicateWindowMs, replicas: { wanted: resolved.replicas, cluster: clusterReplicas(nc.info), where: description() } };
    // Creating replicated streams on a cluster that is busy, or electing a leader, can outlast a request: the set-up
    // is idempotent, so it is tried again like any other idempotent operation.
    const buckets = await retryTransient('setting up the streams and buckets', () => setUpLayout(js, jsm, layout, setUp), {
      windowMs: resolved.retryWindowMs, signal: new AbortController().signal, where: description(),
    });
    return new NatsTransport({ nc, js, jsm, layout, buckets, description, onInvalid: resolved.onInvalid, retryWindowMs: resolved.retryWindowMs,
      objectLimits: resolved.objectLimits });
  } catch (error) {
    await nc.close();
    throw error;
  }
}

/** Node's codes for a server certificate that cannot be trusted (e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE). */
const CERTIFICATE_CODE = /CERT|SIGNATURE|TLS|SSL/;

function connectError(error: unknown, where: string, timeoutMs: number, tls: boolean): UserError {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && CERTIFICATE_CODE.test(code)) {
    return new UserError(ErrorCode.TransportUnavailable, `nats-server at ${where} presented a TLS certificate that cannot be trusted (${message(error)})`, {
      fix: 'pass the CA certificate that signed the server\'s certificate with --tls-ca, and connect by a name or address the certificate lists',
      cause: error,
    });
  }
  if (name === 'AuthorizationError' || name === 'UserAuthenticationExpiredError') {
    return new UserError(ErrorCode.TransportUnavailable, `nats-server at ${where} refused the credentials (${message(error)})`, {
      fix: 'check --token, --user and --password, --nkey or --creds against the server\'s authorization settings',
      cause: error,
    });
  }
  const timedOut = name === 'TimeoutError';
  const why = timedOut ? `no answer within ${timeoutMs} ms` : message(error);
  // A server that verifies client certificates drops a client without one silently: the client only times out.
  const certHint = timedOut && tls ? '; if the server verifies clients, pass its client certificate with --tls-cert and --tls-key' : '';
  return new UserError(ErrorCode.TransportUnavailable, `cannot reach nats-server at ${where}: ${why}`, {
    fix: `start nats-server with JetStream (nats-server -js), or pass the URL of a running one with --nats${certHint}`,
    cause: error,
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withScheme(server: string): string {
  return /^[a-z]+:\/\//i.test(server) ? server : `nats://${server}`;
}

/** The server actually connected to, for logs: `tls://` when the connection is encrypted. Never with credentials. */
function describe(nc: NatsConnection, fallback: string, tls: boolean): string {
  const server = nc.getServer() || fallback.replace(/^[a-z]+:\/\//i, '');
  return `${tls || nc.info?.tls_required === true ? 'tls' : 'nats'}://${server}`;
}
