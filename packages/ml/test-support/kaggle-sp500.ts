/**
 * The full Kaggle S&P 500 file for the tests that need it, found where it is and skipped loudly where it is not: a
 * clone with nothing beside it must pass `npm test`, and CI (which has the file) must keep running those tests.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * Where the tests look for `all_stocks_5yr.csv.gz` when `SEQSWEEP_SP500_KAGGLE` names no file: a `shared/data/sp500/`
 * folder beside the clone, where this project's CI puts its copy.
 */
export const DEFAULT_KAGGLE_SP500 = fileURLToPath(new URL('../../../../shared/data/sp500/all_stocks_5yr.csv.gz', import.meta.url));

/** The file the Kaggle tests read: `SEQSWEEP_SP500_KAGGLE` when set, else {@link DEFAULT_KAGGLE_SP500}. */
export function kaggleSp500Path(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.SEQSWEEP_SP500_KAGGLE;
  return named !== undefined && named !== '' ? resolve(named) : DEFAULT_KAGGLE_SP500;
}

/** The banner printed when the Kaggle tests are skipped: which file was looked for, and how to get it. */
export function kaggleMissingBanner(file: string): string {
  const line = '*'.repeat(78);
  return [
    '',
    line,
    `*** ${file} NOT FOUND: the tests on the full Kaggle S&P 500 file are SKIPPED.`,
    '*** Download all_stocks_5yr.csv from Kaggle\'s "S&P 500 stock data" (by Cam Nugent) and set',
    '*** SEQSWEEP_SP500_KAGGLE=/path/to/all_stocks_5yr.csv (plain or .gz) to run them; set',
    '*** SEQSWEEP_REQUIRE_SP500_KAGGLE=1 to make its absence a failure (.ci/run does).',
    line,
    '',
  ].join('\n');
}

/**
 * A `describe` whose body gets the Kaggle file's path. Where the file is missing it registers one failing test
 * when `SEQSWEEP_REQUIRE_SP500_KAGGLE=1`, and otherwise skips the suite after a loud warning.
 */
export function describeKaggle(name: string, body: (file: string) => void, env: NodeJS.ProcessEnv = process.env): void {
  const file = kaggleSp500Path(env);
  if (existsSync(file) && statSync(file).isFile()) {
    describe(name, () => body(file));
    return;
  }
  if (env.SEQSWEEP_REQUIRE_SP500_KAGGLE === '1') {
    describe(name, () => {
      it('needs the Kaggle S&P 500 file', () => {
        throw new Error(`${file} is required here (SEQSWEEP_REQUIRE_SP500_KAGGLE=1) but was not found`);
      });
    });
    return;
  }
  console.warn(kaggleMissingBanner(file));
  describe.skip(name, () => body(file));
}
