/**
 * Starts a real JetStream cluster of nats-servers for tests: N servers (3 by default) on random loopback ports,
 * each with its own temporary store, routed to one another as one cluster. Ready means every running server
 * reports the same JetStream meta leader on its monitoring port (`/jsz`). A node can be SIGKILLed and restarted
 * on the same ports and store, as a crashed machine of a real cluster comes back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, keepLog, natsServerPath } from './nats-server.js';

/** Options of {@link startNatsCluster}. */
export interface NatsClusterOptions {
  /**
   * How many servers.
   * @default 3
   */
  size?: number;
  /**
   * The cluster's name (`--cluster_name`).
   * @default 'seqsweep-test'
   */
  name?: string;
  /**
   * How long to wait for the servers to accept connections and agree on a meta leader.
   * @default 30000
   */
  startTimeoutMs?: number;
}

/** One server of a cluster. */
export interface NatsClusterNode {
  /** `--server_name`: `n0`, `n1`, ..., as stream info's `cluster.leader` names it. */
  readonly name: string;
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** True while the process runs. */
  readonly running: boolean;
  /** SIGKILLs it, keeping its store. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and store, and waits until the cluster has a meta leader again. */
  restart(): Promise<void>;
}

/** A running cluster. */
export interface NatsClusterHandle {
  readonly nodes: readonly NatsClusterNode[];
  /** Every server's URL. */
  readonly urls: readonly string[];
  /** The URLs comma-separated, as `--nats` takes them. */
  readonly url: string;
  /** The node of a server name, e.g. a stream's `cluster.leader`. */
  node(name: string): NatsClusterNode;
  /** Resolves once every running server reports the same meta leader; rejects after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** The JetStream meta leader's server name, as a running server reports it. */
  metaLeader(): Promise<string | undefined>;
  /** Stops every server (SIGTERM, then SIGKILL) and removes the stores. */
  stop(): Promise<void>;
}

interface NodePorts {
  readonly name: string;
  readonly port: number;
  readonly clusterPort: number;
  readonly monitorPort: number;
  readonly storeDir: string;
}

/** A server of a starting cluster exited (another process took one of its random ports first): start again. */
class NodeExitedWhileStarting extends Error {}

/**
 * Starts the cluster and waits until it is ready: every server running and reporting the same meta leader. A server
 * that exits while the cluster starts (a random port another process took between picking it and binding it) makes
 * the cluster start again on new ports, up to three times.
 */
export async function startNatsCluster(options: NatsClusterOptions = {}): Promise<NatsClusterHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startClusterOnce(options);
    } catch (e) {
      if (!(e instanceof NodeExitedWhileStarting) || attempt >= 3) throw e;
    }
  }
}

async function startClusterOnce(options: NatsClusterOptions): Promise<NatsClusterHandle> {
  const binary = natsServerPath();
  if (!binary) throw new Error('nats-server was not found on PATH or at /usr/sbin/nats-server: install it (e.g. apt-get install nats-server)');
  const size = options.size ?? 3;
  const clusterName = options.name ?? 'seqsweep-test';
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const ports: NodePorts[] = [];
  for (let i = 0; i < size; i++) {
    ports.push({
      name: `n${i}`, port: await freePort(), clusterPort: await freePort(), monitorPort: await freePort(),
      storeDir: await mkdtemp(join(tmpdir(), `seqsweep-cluster-n${i}-`)),
    });
  }
  const routes = ports.map((p) => `nats://127.0.0.1:${p.clusterPort}`).join(',');
  const argsOf = (p: NodePorts): string[] => [
    '-a', '127.0.0.1', '-p', String(p.port), '-m', String(p.monitorPort), '-js', '-sd', p.storeDir,
    '--server_name', p.name, '--cluster_name', clusterName, '--cluster', `nats://127.0.0.1:${p.clusterPort}`, '--routes', routes,
  ];
  const children = new Map<string, ChildProcess>();
  const logs = new Map<string, string[]>();
  const isRunning = (name: string): boolean => {
    const child = children.get(name);
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  };
  const spawnNode = (p: NodePorts): void => {
    const child = spawn(binary, argsOf(p), { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = keepLog(child);
    children.set(p.name, child);
    logs.set(p.name, log);
  };
  const halt = async (name: string, signal: NodeJS.Signals): Promise<void> => {
    const child = children.get(name);
    if (!child || !isRunning(name)) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const tails = (): string => ports.map((p) => `--- ${p.name}${isRunning(p.name) ? '' : ' (not running)'}:\n${(logs.get(p.name) ?? []).join('').slice(-1500)}`).join('\n');
  /** Waits for one meta leader among the running servers; `all`: every server must be running (the first start). */
  const ready = async (limitMs = timeoutMs, all = false): Promise<void> => {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const up = ports.filter((p) => isRunning(p.name));
      if (all && up.length < ports.length) throw new NodeExitedWhileStarting(`a server of the nats cluster exited while it started:\n${tails()}`);
      const leaders = await Promise.all(up.map((p) => metaLeader(p.monitorPort)));
      if (up.length > 0 && leaders[0] && leaders.every((l) => l === leaders[0])) return;
      if (Date.now() > deadline) {
        throw new Error(`the nats cluster had no JetStream meta leader within ${limitMs} ms:\n${tails()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  for (const p of ports) spawnNode(p);
  const stop = async (): Promise<void> => {
    await Promise.all(ports.map((p) => halt(p.name, 'SIGTERM')));
    await Promise.all(ports.map((p) => rm(p.storeDir, { recursive: true, force: true })));
  };
  try {
    await ready(timeoutMs, true);
  } catch (error) {
    await stop();
    throw error;
  }
  const nodes = ports.map((p): NatsClusterNode => ({
    name: p.name,
    url: `nats://127.0.0.1:${p.port}`,
    port: p.port,
    storeDir: p.storeDir,
    get running() {
      return isRunning(p.name);
    },
    kill: () => halt(p.name, 'SIGKILL'),
    async restart() {
      await halt(p.name, 'SIGTERM');
      spawnNode(p);
      await ready();
    },
  }));
  return {
    nodes,
    urls: nodes.map((n) => n.url),
    url: nodes.map((n) => n.url).join(','),
    node(name) {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node named ${name} in the cluster (${nodes.map((n) => n.name).join(', ')})`);
      return found;
    },
    ready,
    async metaLeader() {
      const up = ports.find((p) => isRunning(p.name));
      return up ? metaLeader(up.monitorPort) : undefined;
    },
    stop,
  };
}

/** The meta leader a server's `/jsz` names, or `undefined` while it has none or does not answer. */
function metaLeader(monitorPort: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: monitorPort, path: '/jsz', timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          const leader = (JSON.parse(body) as { meta_cluster?: { leader?: unknown } }).meta_cluster?.leader;
          resolve(typeof leader === 'string' && leader !== '' ? leader : undefined);
        } catch {
          // A server still starting can answer with something that is not its JSON yet: not ready, ask again.
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}
