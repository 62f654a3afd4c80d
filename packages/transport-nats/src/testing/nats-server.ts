/**
 * Starts a real nats-server for tests: JetStream on, a random free port, a temporary store that is removed on
 * stop. `restart()` brings it back on the same port and store; `kill()` simulates a crash.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link startNatsServer}. */
export interface NatsServerOptions {
  /**
   * The JetStream store directory; one given here is kept on stop.
   * @default a new temporary directory, removed on stop
   */
  storeDir?: string;
  /**
   * More arguments for nats-server, e.g. `['--auth', 'secret']`.
   * @default []
   */
  args?: string[];
  /**
   * The port to listen on.
   * @default a free port chosen at random
   */
  port?: number;
  /**
   * Whether to enable JetStream (`-js -sd <storeDir>`).
   * @default true
   */
  jetstream?: boolean;
  /**
   * How long to wait for the server to accept connections.
   * @default 10000
   */
  startTimeoutMs?: number;
}

/** A running nats-server. */
export interface NatsServerHandle {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Stops the server (SIGTERM, then SIGKILL) and removes a temporary store. */
  stop(): Promise<void>;
  /** Stops and starts it again on the same port and store. */
  restart(): Promise<void>;
  /** Kills it at once (SIGKILL), keeping the store; `restart()` brings it back. */
  kill(): Promise<void>;
}

let found: string | null | undefined;

/**
 * The nats-server binary: `nats-server` on PATH, else Debian's /usr/sbin/nats-server; `undefined` if neither
 * runs. Found once by running `--version`, so the shell's lookup is used as is.
 */
export function natsServerPath(): string | undefined {
  if (found === undefined) {
    found = ['nats-server', '/usr/sbin/nats-server'].find((candidate) => {
      const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 5000 });
      return probe.error === undefined && probe.status === 0;
    }) ?? null;
  }
  return found ?? undefined;
}

/** True when a nats-server binary can be found. */
export function natsServerAvailable(): boolean {
  return natsServerPath() !== undefined;
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts nats-server with JetStream and waits until it accepts connections. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const binary = natsServerPath();
  if (!binary) throw new Error('nats-server was not found on PATH or at /usr/sbin/nats-server: install it (e.g. apt-get install nats-server)');
  const ownsStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'seqsweep-nats-')));
  const port = options.port ?? (await freePort());
  const js = options.jetstream ?? true ? ['-js', '-sd', storeDir] : [];
  const args = ['-a', '127.0.0.1', '-p', String(port), ...js, ...(options.args ?? [])];
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  let child = await launch(binary, args, port, timeoutMs);
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async stop() {
      await halt('SIGTERM');
      if (ownsStore) await rm(storeDir, { recursive: true, force: true });
    },
    async restart() {
      await halt('SIGTERM');
      child = await launch(binary, args, port, timeoutMs);
    },
    async kill() {
      await halt('SIGKILL');
    },
  };
}

/** The last 50 chunks a nats-server wrote, kept to say why it did not start or what it said before it died. */
export function keepLog(child: ChildProcess): string[] {
  const log: string[] = [];
  const keep = (chunk: Buffer): void => {
    log.push(chunk.toString('utf8'));
    if (log.length > 50) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return log;
}

async function launch(binary: string, args: string[], port: number, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = keepLog(child);
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server ${args.join(' ')} did not start within ${timeoutMs} ms:\n${log.join('').slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return child;
}

/** True when something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
