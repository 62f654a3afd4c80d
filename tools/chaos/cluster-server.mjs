// The "server" of a chaos run on a 3-node JetStream cluster (`runChaos({ cluster: ... })`): each server fault
// SIGKILLs one node, chosen when the fault falls due, and `restart()` brings that node back on its ports and store.
// The sweep (streams and buckets at --replicas 3) has to go on with the other two meanwhile.
import { leaderships, shedLeadership, startNatsCluster, streamLeader } from '@seqsweep/transport-nats/testing';

/**
 * Which node a server fault kills: the one leading the work-queue stream, one that leads nothing (no stream, no
 * durable consumer, not the meta leader), or those two in turn.
 * @typedef {'leader' | 'idle' | 'rotate'} ClusterVictim
 */

/** Clusters started and not yet stopped, so that a test can stop them however it ended. */
const live = new Set();

/** Stops every chaos cluster still running. */
export async function stopAllChaosClusters() {
  await Promise.all([...live].map((c) => c.stop()));
}

/** How long a node may take to hand over the leaderships it holds. */
const SHED_TIMEOUT_MS = 60_000;

/**
 * Starts the cluster and returns the server handle the chaos sweep drives.
 * @param {{ trialsStream: string; victim: ClusterVictim; log: (line: string) => void }} o
 */
export async function startChaosCluster(o) {
  const cluster = await startNatsCluster();
  live.add(cluster);
  /** @type {import('@seqsweep/transport-nats/testing').NatsClusterNode | undefined} */
  let down;
  let faults = 0;
  const pick = async () => {
    const mode = o.victim === 'rotate' ? (faults % 2 === 0 ? 'leader' : 'idle') : o.victim;
    if (mode === 'leader') {
      const leader = await streamLeader(cluster.urls, o.trialsStream);
      if (!leader) throw new Error(`the stream ${o.trialsStream} has no leader to kill`);
      return { node: cluster.node(leader), why: `leader of ${o.trialsStream}` };
    }
    const meta = await cluster.metaLeader();
    const node = cluster.nodes.find((n) => n.running && n.name !== meta);
    if (!node) throw new Error('every running node is the meta leader');
    await shedLeadership(cluster.urls, node.name, SHED_TIMEOUT_MS);
    const led = (await leaderships(cluster.urls)).filter((l) => l.leader === node.name);
    return { node, why: led.length === 0 ? 'leading nothing' : `still leading ${led.length}` };
  };
  return {
    cluster,
    url: cluster.url,
    /** SIGKILLs the node this fault picks; returns what to log. */
    async fault() {
      const { node, why } = await pick();
      faults++;
      await node.kill();
      down = node;
      return `${node.name} (${why})`;
    },
    /** Starts the node killed last again, and waits for the cluster to have a meta leader. */
    async restart() {
      const node = down;
      down = undefined;
      await node?.restart();
    },
    async stop() {
      live.delete(cluster);
      await cluster.stop();
    },
  };
}
