/**
 * Options of `connectNats`: what the caller passes, checked and with defaults filled in, then compiled into the
 * options of the NATS client.
 */
import { access, readFile } from 'node:fs/promises';
import { credsAuthenticator, nkeyAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { ErrorCode, UserError } from '@seqsweep/core';
import { PREFIX_PATTERN } from '@seqsweep/core/internal';
import type { InvalidMessageHandler, ObjectReadLimits } from '@seqsweep/core';
import { redactUrl, splitServerUrls } from './server-urls.js';

/** How to authenticate; give one way at most. */
export interface NatsAuthOptions {
  /** A token (`--auth` on the server). */
  token?: string;
  /** A user name, with `pass`. */
  user?: string;
  /** The user's password. */
  pass?: string;
  /** A file holding an NKey seed (`SU...`). */
  nkeySeedFile?: string;
  /** A `.creds` file (a user JWT and its NKey seed). */
  credsFile?: string;
}

/** TLS files, as paths; any that is given turns TLS on. */
export interface NatsTlsOptions {
  /** The CA certificate that signed the server's certificate. */
  ca?: string;
  /** The client certificate, for servers that verify clients. */
  cert?: string;
  /** The client certificate's private key. */
  key?: string;
}

/** Options of `connectNats`. */
export interface NatsConnectOptions {
  /**
   * One URL (`nats://host:4222`) or several of one cluster, as a list or comma-separated (`--nats a:4222,b:4222`);
   * the client fails over between them. Credentials in a URL (`nats://user:pass@host`,
   * `nats://token@host`) are taken out and used like `auth`; no URL is ever shown with them.
   */
  servers: string | string[];
  /**
   * The first token of every subject, and the start of every stream and bucket name, so several installations can
   * share a server. Letters, digits, '_' and '-'.
   * @default 'seqsweep'
   */
  prefix?: string;
  /**
   * Credentials.
   * @default none
   */
  auth?: NatsAuthOptions;
  /**
   * TLS files.
   * @default TLS only when the URL or the server asks for it
   */
  tls?: NatsTlsOptions;
  /**
   * The connection's name, as the server's monitoring shows it.
   * @default 'seqsweep'
   */
  name?: string;
  /**
   * How long to wait for the server before giving up with a `TRANSPORT_UNAVAILABLE` error.
   * @default 5000
   */
  connectTimeoutMs?: number;
  /**
   * The streams' duplicate window: repeats inside it are dropped by the server alone. Dedup holds for a sweep's
   * whole life either way (see the `P-trial-ids` bucket); tests shorten it to prove that.
   * @default 120000
   */
  duplicateWindowMs?: number;
  /**
   * How long an operation keeps being retried while the server does not answer (a restart, a leader election)
   * before it fails with a `TRANSPORT_UNAVAILABLE` error. Reads, publishes of trials and results, and sweep records
   * are retried; they are all idempotent.
   * @default 60000
   */
  retryWindowMs?: number;
  /**
   * Replicas of the streams and buckets seqsweep creates (on a cluster: 3 survives the loss of one server). An
   * existing stream or bucket with another number is refused, never changed; without this option any is accepted.
   * @default 1 for what is created, any for what exists
   */
  replicas?: number;
  /**
   * Receives messages that fail their schema (more can be added with `onInvalid`).
   * @default each is written to stderr until a handler is added
   */
  onInvalid?: InvalidMessageHandler;
  /**
   * Bounds on reading an object from the store: its size and the time its read may take.
   * @default DEFAULT_MAX_OBJECT_BYTES (256 MiB) and DEFAULT_OBJECT_TIMEOUT_MS (120 s)
   */
  objectLimits?: ObjectReadLimits;
}

/** {@link NatsConnectOptions} checked, with defaults, and the NATS client's options compiled from them. */
export interface ResolvedNatsOptions {
  /** The server URLs, without any credentials they carried. */
  readonly servers: string[];
  /** The server URLs as given, with credentials redacted: for messages. */
  readonly shown: string[];
  readonly prefix: string;
  readonly connectTimeoutMs: number;
  readonly duplicateWindowMs: number;
  readonly retryWindowMs: number;
  readonly replicas: number | undefined;
  readonly onInvalid: InvalidMessageHandler | undefined;
  readonly objectLimits: ObjectReadLimits | undefined;
  readonly client: NodeConnectionOptions;
}

/** JetStream's most replicas of one stream. */
const MAX_REPLICAS = 5;

const AUTH_FIX = 'give one of --token, --user with --password, --nkey or --creds';

/** Checks `options`, reads the credential files they name, and compiles the client options. */
export async function resolveNatsOptions(options: NatsConnectOptions): Promise<ResolvedNatsOptions> {
  const given = (Array.isArray(options.servers) ? options.servers : [options.servers]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const { servers, auth: urlAuth } = splitServerUrls(given);
  if (servers.length === 0) throw new UserError(ErrorCode.TransportUnavailable, 'no NATS server URL was given', { fix: 'pass --nats nats://host:4222' });
  const prefix = options.prefix ?? 'seqsweep';
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new UserError(ErrorCode.TransportUnavailable, `the prefix "${prefix}" cannot be used as a NATS subject token`, {
      fix: 'use 1 to 32 letters, digits, "_" or "-" for --prefix',
    });
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const { replicas } = options;
  if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 1 && replicas <= MAX_REPLICAS)) {
    throw new UserError(ErrorCode.TransportUnavailable, `${replicas} replicas cannot be set up: JetStream keeps 1 to ${MAX_REPLICAS} copies of a stream`, {
      fix: 'pass --replicas 1, or 3 on a cluster of three servers',
    });
  }
  const client: NodeConnectionOptions = {
    servers,
    name: options.name ?? 'seqsweep',
    timeout: connectTimeoutMs,
    // A worker outlives server restarts: keep reconnecting rather than give up after a few tries.
    maxReconnectAttempts: -1,
    ...(await authOptions(mergeAuth(options.auth ?? {}, urlAuth))),
    ...(options.tls ? { tls: await tlsOptions(options.tls) } : {}),
  };
  return { servers, shown: given.map(redactUrl), prefix, connectTimeoutMs, duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
    retryWindowMs: options.retryWindowMs ?? 60_000, replicas, onInvalid: options.onInvalid, objectLimits: options.objectLimits, client };
}

/** The command line's credentials, or else those a URL carried; both at once is one way too many. */
function mergeAuth(auth: NatsAuthOptions, fromUrl: NatsAuthOptions | undefined): NatsAuthOptions {
  if (!fromUrl) return auth;
  const explicit = [auth.token, auth.user, auth.pass, auth.nkeySeedFile, auth.credsFile].some((v) => v !== undefined);
  if (explicit) {
    throw new UserError(ErrorCode.TransportUnavailable, 'the NATS server URL carries credentials and other credentials were given too', {
      fix: 'give the credentials one way: in the URL, or with --user and --password, --token, --nkey or --creds',
    });
  }
  return fromUrl;
}

async function authOptions(auth: NatsAuthOptions): Promise<Partial<NodeConnectionOptions>> {
  const given = [auth.token !== undefined, auth.user !== undefined, auth.nkeySeedFile !== undefined, auth.credsFile !== undefined].filter(Boolean).length;
  if (given > 1) throw new UserError(ErrorCode.TransportUnavailable, 'more than one way to authenticate to NATS was given', { fix: AUTH_FIX });
  if (auth.pass !== undefined && auth.user === undefined) throw new UserError(ErrorCode.TransportUnavailable, 'a NATS password was given without a user', { fix: AUTH_FIX });
  if (auth.token !== undefined) return { token: auth.token };
  if (auth.user !== undefined) return { user: auth.user, pass: auth.pass ?? '' };
  if (auth.nkeySeedFile !== undefined) {
    const seed = (await readCredential(auth.nkeySeedFile, 'NKey seed')).toString('utf8').trim();
    return { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) };
  }
  if (auth.credsFile !== undefined) return { authenticator: credsAuthenticator(await readCredential(auth.credsFile, 'creds')) };
  return {};
}

async function tlsOptions(tls: NatsTlsOptions): Promise<NonNullable<NodeConnectionOptions['tls']>> {
  for (const [what, file] of [['CA certificate', tls.ca], ['client certificate', tls.cert], ['client key', tls.key]] as const) {
    if (file !== undefined) await readCredential(file, what);
  }
  return { ...(tls.ca ? { caFile: tls.ca } : {}), ...(tls.cert ? { certFile: tls.cert } : {}), ...(tls.key ? { keyFile: tls.key } : {}) };
}

async function readCredential(file: string, what: string): Promise<Buffer> {
  try {
    await access(file);
    return await readFile(file);
  } catch (cause) {
    throw new UserError(ErrorCode.TransportUnavailable, `cannot read the ${what} file ${file}`, { fix: `check the path of the ${what} file`, cause });
  }
}
