import { useSyncExternalStore } from 'react';
import type { SweepStore } from './store.js';
import type { SweepViewState } from './state.js';

/** The store's latest state; the component re-renders at most once per store frame. */
export function useSweepState(store: SweepStore): SweepViewState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
