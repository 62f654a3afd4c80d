import { useEffect, useRef, useState } from 'react';
import { MIN_IMPORTANCE_POINTS, type Importance } from '@seqsweep/insight';
import type { ImportanceFitter } from './importance-fitter.js';
import { importanceInput } from './insight.js';
import type { SweepViewState } from './state.js';

/** The importance on screen, and where the next fit stands. */
export interface LiveImportance {
  readonly importance: Importance | null;
  /** Stage-one points with a score when the importance shown was fit; null before the first fit. */
  readonly fittedOn: number | null;
  /** A fit for more points is under way (or waiting for its turn). */
  readonly fitting: boolean;
}

/**
 * Parameter importance for the panel, fit off the render path: while the panel is open and stage one has more
 * scored points than the last fit saw, the fitter runs again, one fit at a time and at most one every `refitMs`.
 * A fit is keyed on the count of scored points, so closing and opening the panel shows the last one at once.
 */
export function useLiveImportance(state: SweepViewState, scored: number, open: boolean, fitter: ImportanceFitter, refitMs: number): LiveImportance {
  const [fit, setFit] = useState<{ sweepId: string | null; scored: number; importance: Importance | null } | null>(null);
  const [, fail] = useState<never>();
  const latest = useRef({ state, scored });
  latest.current = { state, scored };
  /** The fit under way, when the last one started, and what it was started for (one fit per sweep and count). */
  const run = useRef<{ inFlight: boolean; lastStart: number; startedFor: string | null }>({ inFlight: false, lastStart: Number.NEGATIVE_INFINITY, startedFor: null });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => { mounted.current = false; };
  }, []);
  const current = fit !== null && fit.sweepId === state.sweepId ? fit : null;
  const wanted = open && scored >= MIN_IMPORTANCE_POINTS && current?.scored !== scored;

  useEffect(() => {
    // A render between a fit's end and the commit of its result still sees the old fit: the count it was started
    // for keeps that render from starting the same fit again.
    if (!wanted || run.current.inFlight || run.current.startedFor === `${state.sweepId} ${scored}`) return;
    const start = (): void => {
      const { state: s, scored: n } = latest.current;
      const key = `${s.sweepId} ${n}`;
      if (run.current.inFlight || run.current.startedFor === key) return;
      run.current = { inFlight: true, lastStart: performance.now(), startedFor: key };
      // A fit that ends after more points came is shown all the same (setting `fit` runs this effect again).
      fitter.fit(importanceInput(s)).then(
        (importance) => {
          run.current.inFlight = false;
          if (mounted.current) setFit({ sweepId: s.sweepId, scored: n, importance });
        },
        // A failed fit is a bug: it ends the app with its stack, as an error while drawing does.
        (e: unknown) => {
          run.current.inFlight = false;
          if (mounted.current) fail(() => { throw e; });
        },
      );
    };
    const wait = run.current.lastStart + refitMs - performance.now();
    if (wait <= 0) {
      start();
      return undefined;
    }
    const timer = setTimeout(start, wait);
    return () => clearTimeout(timer);
  }, [wanted, scored, fitter, refitMs, fit, state.sweepId]);

  return { importance: current?.importance ?? null, fittedOn: current?.scored ?? null, fitting: wanted };
}
