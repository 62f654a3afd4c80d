// Reads vega-datasets' seattle-weather.csv (date,precipitation,temp_max,temp_min,wind,weather): a file an npm
// package ships, so nothing is downloaded. Imported relatively by seattle-weather.mjs, so it travels with it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The weather classes, in a fixed order (a class's label is its index). */
export const WEATHER = ['drizzle', 'rain', 'sun', 'snow', 'fog'];

/** Every day of the file, in date order: the four measurements and the weather's class. */
export function readWeatherRows() {
  // Looked up as Node looks up packages from this file (vega-datasets exports no package.json to resolve): on a
  // worker the module's cache sits in the installation's node_modules, so this finds the installation's copy.
  const folders = createRequire(import.meta.url).resolve.paths('vega-datasets') ?? [];
  const file = folders.map((dir) => join(dir, 'vega-datasets', 'data', 'seattle-weather.csv')).find((f) => existsSync(f));
  if (!file) throw new Error('the npm package vega-datasets, which ships seattle-weather.csv, is not installed');
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines.map((line, i) => {
    const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
    const label = WEATHER.indexOf(weather);
    if (label < 0) throw new Error(`seattle-weather.csv line ${i + 2}: unknown weather "${weather}"`);
    return { date, values: [Number(precipitation), Number(tempMax), Number(tempMin), Number(wind)], label };
  });
}
