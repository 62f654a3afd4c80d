import { useEffect } from 'react';
import type { SweepStore } from './store.js';

/** Moves the store's clock every `ms` while mounted, so elapsed time and heartbeat ages advance on a quiet sweep. */
export function useTicker(store: SweepStore, ms = 1000): void {
  useEffect(() => {
    const timer = setInterval(() => store.push({ kind: 'tick' }), ms);
    return () => clearInterval(timer);
  }, [store, ms]);
}
