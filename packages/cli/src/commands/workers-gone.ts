import { relative } from 'node:path';
import { writeOutputs } from '@seqsweep/coordinator';
import { parseSpec, type Transport } from '@seqsweep/core';
import { LocalWorkersGoneError } from '../errors.js';
import type { PoolFailure } from '../local-workers.js';

/**
 * The error an embedded sweep stops with when its local workers are gone. The in-memory queue dies with this
 * process; what is kept is the results so far, written to the run folder as usual (status `running`), from which
 * `seqsweep resume <sweepId>` (no --nats; resume-embedded.ts) continues it, and the sentence says so; a racing
 * sweep too, since results.json keeps its race state. `outFlag` is the run's --out as given, repeated in the resume command.
 */
export async function workersGone(
  failure: PoolFailure, transport: Transport, sweepId: string | undefined, outDir: string, outFlag: string | undefined, cwd: string,
): Promise<LocalWorkersGoneError> {
  let kept = 'nothing was kept';
  // Why it cannot be continued from the run folder; undefined when it can.
  let notResumable: string | undefined = 'it cannot be resumed without --nats';
  const record = sweepId ? await transport.getSweep(sweepId) : undefined;
  if (record) {
    try {
      const results = await transport.readResults(record.sweepId);
      const spec = parseSpec(record.spec, `sweep ${record.sweepId}`);
      const out = await writeOutputs({ outDir, record, spec, results, transport });
      kept = `the ${results.length} finished trial${results.length === 1 ? ' is' : 's are'} in ${relative(cwd, out.dir) || '.'}/results.json`;
      notResumable = undefined;
    } catch (e) {
      kept = `the results so far could not be written (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  const fix = 'fix the cause (out of memory: fewer --workers or a smaller model; an option the workers refuse: correct it)';
  const out = outFlag === undefined ? '' : ` --out ${/^[\w./:@=+-]+$/.test(outFlag) ? outFlag : `'${outFlag.replace(/'/g, "'\\''")}'`}`;
  const stopped = `the sweep stopped because no local worker is left (${failure.lastError}); ${kept}`;
  return new LocalWorkersGoneError(notResumable === undefined
    ? `${stopped}, so ${fix} and \`seqsweep resume ${sweepId ?? '<sweepId>'}${out}\` continues it without running the finished trials again.`
    : `${stopped}, and ${notResumable}, so ${fix} and run it again, or run with --nats so that \`seqsweep resume\` continues it.`,
  );
}
