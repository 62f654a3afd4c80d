/** Where the tests on the full Kaggle S&P 500 file look for it, and what they say when it is missing. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KAGGLE_SP500, kaggleMissingBanner, kaggleSp500Path } from '../../test-support/kaggle-sp500.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('the Kaggle S&P 500 file of the tests', () => {
  it('is the file SEQSWEEP_SP500_KAGGLE names, else shared/data/sp500/ beside the clone (never inside it)', () => {
    expect(DEFAULT_KAGGLE_SP500).toBe(join(dirname(REPO), 'shared', 'data', 'sp500', 'all_stocks_5yr.csv.gz'));
    expect(kaggleSp500Path({})).toBe(DEFAULT_KAGGLE_SP500);
    expect(kaggleSp500Path({ SEQSWEEP_SP500_KAGGLE: '' })).toBe(DEFAULT_KAGGLE_SP500);
    expect(kaggleSp500Path({ SEQSWEEP_SP500_KAGGLE: '/data/k.csv' })).toBe('/data/k.csv');
  });

  it('when missing, says so loudly: the file, where the public set comes from, and how to run or require the tests', () => {
    const banner = kaggleMissingBanner('/nowhere/all_stocks_5yr.csv.gz');
    expect(banner).toContain('/nowhere/all_stocks_5yr.csv.gz NOT FOUND');
    expect(banner).toContain('SKIPPED');
    expect(banner).toContain('Kaggle\'s "S&P 500 stock data" (by Cam Nugent)');
    expect(banner).toContain('SEQSWEEP_SP500_KAGGLE=');
    expect(banner).toContain('SEQSWEEP_REQUIRE_SP500_KAGGLE=1');
  });
});
