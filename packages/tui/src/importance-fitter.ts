/**
 * Where the importance panel's forest is fit. A fit costs about n² in the stage-one points (seconds at a thousand),
 * so the app hands it to a worker thread and goes on drawing and taking keys while it runs.
 */
import { Worker } from 'node:worker_threads';
import type { Importance } from '@seqsweep/insight';
import { fitImportance, type ImportanceInput } from './insight.js';

/** Fits importance, one call at a time or several. */
export interface ImportanceFitter {
  fit(input: ImportanceInput): Promise<Importance | null>;
  /** Stops any fit in progress; the fitter is not used again. */
  close(): void;
}

/**
 * The worker script, beside the built module: `dist/importance-worker.js` whether this module runs from `dist/` or,
 * under the tests, from `src/` (the worker is plain JavaScript, so it always runs the build).
 */
const WORKER_URL = new URL('../dist/importance-worker.js', import.meta.url);

/** A fitter that runs each fit in one worker thread of its own, started on the first fit. */
export function workerImportanceFitter(): ImportanceFitter {
  let worker: Worker | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve: (i: Importance | null) => void; reject: (e: Error) => void }>();
  const fail = (e: Error): void => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    worker = undefined;
  };
  const start = (): Worker => {
    const w = new Worker(WORKER_URL);
    // The app's process ends when the app does, whatever the worker is fitting.
    w.unref();
    w.on('message', (m: { id: number; importance?: Importance | null; error?: string }) => {
      const call = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined) call?.reject(new Error(`the importance fit failed in its worker thread: ${m.error}`));
      else call?.resolve(m.importance ?? null);
    });
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the importance worker thread exited (code ${code})`)));
    return w;
  };
  return {
    fit(input) {
      worker ??= start();
      const id = next++;
      const w = worker;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.postMessage({ id, input });
      });
    },
    close() {
      const w = worker;
      worker = undefined;
      waiting.clear();
      void w?.terminate();
    },
  };
}

/** A fitter that fits on the caller's thread, a turn of the event loop later (for callers with no worker threads). */
export function inlineImportanceFitter(): ImportanceFitter {
  return {
    fit: (input) => new Promise((resolve, reject) => setImmediate(() => {
      try {
        resolve(fitImportance(input));
      } catch (e) {
        reject(e as Error);
      }
    })),
    close() {},
  };
}
