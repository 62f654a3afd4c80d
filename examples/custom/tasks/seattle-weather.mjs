// A task module: the weather of the day after each window of Seattle's daily measurements, 2012 to 2015.
// Its options are checked by `seqsweep plan` with the schema below; `load` runs on the workers.
import { z } from 'zod';
import { defineTask } from '@seqsweep/ml/define';
import { readWeatherRows, WEATHER } from './lib/weather-rows.mjs';

// Fixed physical scales (mm, degrees C, m/s), not fit on the data, so no split sees another's statistics.
const SCALE = [10, 30, 30, 10];

export default defineTask({
  name: 'seattle-weather',
  description: "tomorrow's weather (drizzle, rain, sun, snow or fog) from a window of Seattle's daily measurements",
  kind: 'classification',
  dated: false,
  options: z.strictObject({
    /** Days per window. */
    window: z.number().int().min(2).max(60).default(14),
    /** Days between window starts. */
    stride: z.number().int().positive().default(1),
  }),
  load: ({ options }) => {
    const rows = readWeatherRows();
    const starts = [];
    for (let s = 0; s + options.window < rows.length; s += options.stride) starts.push(s);
    const features = SCALE.length;
    const x = new Float32Array(starts.length * options.window * features);
    const labels = new Int32Array(starts.length);
    starts.forEach((start, i) => {
      for (let t = 0; t < options.window; t++) {
        const values = rows[start + t].values;
        for (let f = 0; f < features; f++) x[(i * options.window + t) * features + f] = values[f] / SCALE[f];
      }
      labels[i] = rows[start + options.window].label;
    });
    return {
      size: starts.length, steps: options.window, features, x, labels, numClasses: WEATHER.length,
      info: { days: rows.length, classes: WEATHER },
    };
  },
});
