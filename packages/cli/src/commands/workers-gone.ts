import { relative } from 'node:path';
import { writeOutputs } from '@seqsweep/coordinator';
import { parseSpec, type Transport } from '@seqsweep/core';
import { LocalWorkersGoneError } from '../errors.js';
import type { PoolFailure } from '../local-workers.js';

/**
 * The error an embedded sweep stops with when its local workers are gone. The in-memory transport dies with this
 * process, so its queue cannot be resumed; what is kept is the results so far, written to the run folder as
 * usual (status `running`), and the sentence says so.
 */
export async function workersGone(failure: PoolFailure, transport: Transport, sweepId: string | undefined, outDir: string, cwd: string): Promise<LocalWorkersGoneError> {
  let kept = 'nothing was kept';
  const record = sweepId ? await transport.getSweep(sweepId) : undefined;
  if (record) {
    try {
      const results = await transport.readResults(record.sweepId);
      const out = await writeOutputs({ outDir, record, spec: parseSpec(record.spec, `sweep ${record.sweepId}`), results, transport });
      kept = `the ${results.length} finished trial${results.length === 1 ? ' is' : 's are'} in ${relative(cwd, out.dir) || '.'}/results.json`;
    } catch (e) {
      kept = `the results so far could not be written (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  return new LocalWorkersGoneError(
    `the sweep stopped because no local worker is left (${failure.lastError}); ${kept}, and an embedded sweep cannot be resumed, ` +
    'so fix the cause (out of memory: fewer --workers or a smaller model; an option the workers refuse: correct it) and run it again, ' +
    'or run with --nats so that `seqsweep resume` continues it.',
  );
}
