/**
 * Chooses the TensorFlow.js backend once per process: `@tensorflow/tfjs-node` where it is installed (an optional
 * dependency whose install downloads libtensorflow), then `wasm`, then `cpu`. Nothing is printed; the caller
 * reports the choice and the reasons for each fallback.
 */
import * as tf from '@tensorflow/tfjs';

/** Which backend to start from. `auto` and `tensorflow` try all three in order; `wasm` skips tfjs-node. */
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** The backend in use and why each faster one was passed over. */
export interface BackendChoice {
  readonly name: string;
  readonly fallbacks: readonly { readonly name: string; readonly reason: string }[];
}

type Attempt = { readonly name: string; readonly load: () => Promise<void> };

// A variable, so TypeScript neither resolves nor requires the types of a package that may be absent.
const TFJS_NODE = '@tensorflow/tfjs-node';

const ATTEMPTS: readonly Attempt[] = [
  { name: 'tensorflow', load: async () => void (await import(TFJS_NODE)) },
  { name: 'wasm', load: async () => void (await import('@tensorflow/tfjs-backend-wasm')) },
  { name: 'cpu', load: async () => undefined },
];

const START: Record<BackendPreference, number> = { auto: 0, tensorflow: 0, wasm: 1, cpu: 2 };

let chosen: Promise<BackendChoice> | undefined;

/**
 * Selects and initialises a backend, starting at `preference` and falling back down the list. The first call
 * decides for the whole process: later calls, whatever their preference, return the same choice (models and
 * tensors already made belong to that backend).
 * @param preference @default 'auto'
 */
export function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  if (!(preference in START)) return Promise.reject(new Error(`unknown backend preference "${String(preference)}"`));
  chosen ??= choose(preference).catch((e: unknown) => {
    chosen = undefined;
    throw e;
  });
  return chosen;
}

async function choose(preference: BackendPreference): Promise<BackendChoice> {
  const fallbacks: { name: string; reason: string }[] = [];
  for (const attempt of ATTEMPTS.slice(START[preference])) {
    const reason = await tryBackend(attempt);
    if (reason === undefined) return { name: attempt.name, fallbacks };
    fallbacks.push({ name: attempt.name, reason });
  }
  throw new Error(`no TensorFlow.js backend could be initialised: ${fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
}

/** Loads and activates one backend; returns why it failed, or undefined when it is active. */
async function tryBackend(attempt: Attempt): Promise<string | undefined> {
  try {
    await attempt.load();
  } catch (e) {
    return `could not load: ${firstLine(e)}`;
  }
  if (tf.findBackendFactory(attempt.name) === null) return 'the package loaded but registered no backend of that name';
  try {
    if (!(await tf.setBackend(attempt.name))) return 'initialisation failed';
    await tf.ready();
  } catch (e) {
    return `initialisation failed: ${firstLine(e)}`;
  }
  return undefined;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}
