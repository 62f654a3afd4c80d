import type { SweepOutcome } from '@seqsweep/coordinator';
import { REPORT_FILE, writeReport } from '@seqsweep/report';

/** The report drawn at the end of a run: its path, or null with the warning that says why it is missing. */
export interface RunReport {
  readonly report: string | null;
  readonly warnings: readonly string[];
}

/**
 * Writes report.html for a finished sweep from the results the coordinator wrote. A report that fails loses
 * nothing: results.json is already on disk, so the caller prints a warning instead.
 */
export async function writeRunReport(outcome: SweepOutcome): Promise<RunReport> {
  try {
    return { report: await writeReport(outcome.dir, outcome.results), warnings: [] };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { report: null, warnings: [`${REPORT_FILE} was not written (${why.split('\n')[0]}); \`seqsweep report ${outcome.dir}\` tries again and shows the whole error`] };
  }
}
