/**
 * Which implementation computes the models' LSTM layers: the fused op (src/kernels, one kernel call per pass) or
 * tfjs-layers' LSTM (a dozen tfjs ops per step). Models take it as a build setting; this module holds the
 * process-wide default, like the backend choice, so that a whole worker or benchmark can switch at once.
 */
import * as tf from '@tensorflow/tfjs';
import { autoLstmKernel, defaultLstmKernel, resolveLstmKernel } from '../kernels/index.js';

/**
 * `fused`: the fused LSTM op. `layers`: `tf.layers.lstm`. `auto`: fused, except on the tfjs-node backend
 * (`tensorflow`), whose native kernels have not been measured against it yet.
 */
export type LstmImplementation = 'auto' | 'fused' | 'layers';

/** The implementation a model is built with, once `auto` is resolved. */
export type ResolvedLstmImplementation = Exclude<LstmImplementation, 'auto'>;

const CHOICES: readonly LstmImplementation[] = ['auto', 'fused', 'layers'];

let processDefault: LstmImplementation = 'auto';

/** Sets what models built without an explicit `lstm` setting use, for the whole process. @default 'auto' */
export function setDefaultLstmImplementation(implementation: LstmImplementation): void {
  processDefault = checkImplementation(implementation);
}

/** The process-wide default set by {@link setDefaultLstmImplementation}. */
export function defaultLstmImplementation(): LstmImplementation {
  return processDefault;
}

/** Resolves `auto` (or the process default, when undefined) against the active tfjs backend. */
export function resolveLstmImplementation(implementation: LstmImplementation = processDefault): ResolvedLstmImplementation {
  const chosen = checkImplementation(implementation);
  if (chosen !== 'auto') return chosen;
  return tf.getBackend() === 'tensorflow' ? 'layers' : 'fused';
}

function checkImplementation(implementation: LstmImplementation): LstmImplementation {
  if (!CHOICES.includes(implementation)) throw new Error(`unknown LSTM implementation "${String(implementation)}"; expected ${CHOICES.join(', ')}`);
  return implementation;
}

/**
 * One line for logs that says what computes the LSTM layers here: `fused LSTM, native kernel (AVX-512)`,
 * `fused LSTM, wasm SIMD kernel (native passed over: ...)`, or `tfjs-layers LSTM`.
 */
export function describeLstmImplementation(implementation: LstmImplementation = processDefault): string {
  if (resolveLstmImplementation(implementation) === 'layers') return 'tfjs-layers LSTM';
  const set = defaultLstmKernel();
  return set === 'auto' ? `fused LSTM, ${autoLstmKernel().description}` : `fused LSTM, ${set} kernel (set for this process)`;
}

/**
 * The LSTM arithmetic a trial's figures depend on, in a few words for its result's `backend` beside the tfjs
 * backend: `fused native FMA`, `fused native exact`, `fused wasm`, `fused js` or `tfjs-layers`. The exact native
 * kernel and the wasm one give the same bits; the others differ from them in the last bits (docs/development.md).
 */
export function lstmArithmeticTag(implementation: LstmImplementation = processDefault): string {
  if (resolveLstmImplementation(implementation) === 'layers') return 'tfjs-layers';
  const kind = resolveLstmKernel();
  return kind === 'native' ? 'fused native FMA' : kind === 'native-exact' ? 'fused native exact' : `fused ${kind}`;
}
