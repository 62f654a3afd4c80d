// Types of cluster-server.mjs.
import type { ChaosClusterServer } from './harness.mjs';

export function stopAllChaosClusters(): Promise<void>;
export function startChaosCluster(o: { trialsStream: string; victim: 'leader' | 'idle' | 'rotate'; log: (line: string) => void }): Promise<ChaosClusterServer>;
