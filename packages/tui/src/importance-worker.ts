/** The worker thread that fits parameter importance off the app's thread (see importance-fitter.ts). */
import { parentPort } from 'node:worker_threads';
import { fitImportance, type ImportanceInput } from './insight.js';

parentPort?.on('message', (m: { readonly id: number; readonly input: ImportanceInput }) => {
  try {
    parentPort!.postMessage({ id: m.id, importance: fitImportance(m.input) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
