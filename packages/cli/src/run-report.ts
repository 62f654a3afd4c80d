import type { SweepOutcome } from '@seqsweep/coordinator';

/** The report drawn at the end of a run: its path, or null with the warning that says why it is missing. */
export interface RunReport {
  readonly report: string | null;
  readonly warnings: readonly string[];
}

type ReportModule = typeof import('@seqsweep/report');
let loading: Promise<ReportModule> | undefined;

/**
 * Starts loading the report's package (vega, about a second of module loading), once: `run` calls it after its
 * sweep has started, so that the load overlaps the training instead of delaying the local workers' start.
 */
export function preloadReport(): Promise<ReportModule> {
  loading ??= import('@seqsweep/report');
  // A failed load is the report's to tell (writeRunReport): never an unhandled rejection here.
  loading.catch(() => {});
  return loading;
}

/**
 * Writes report.html for a finished sweep from the results the coordinator wrote. A report that fails loses
 * nothing: results.json is already on disk, so the caller prints a warning instead.
 */
export async function writeRunReport(outcome: SweepOutcome): Promise<RunReport> {
  try {
    const { writeReport } = await preloadReport();
    return { report: await writeReport(outcome.dir, outcome.results), warnings: [] };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // report.html is @seqsweep/report's REPORT_FILE, spelt out: the warning must not depend on that package loading.
    return { report: null, warnings: [`report.html was not written (${why.split('\n')[0]}); \`seqsweep report ${outcome.dir}\` tries again and shows the whole error`] };
  }
}
