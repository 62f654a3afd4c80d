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
  // The task's own section of report.html: how the best model's forecasts of the test days compare with the weather.
  report: ({ data, test, outputs }) => {
    const title = "Seattle's weather: the best model's forecasts of the test days";
    if (!outputs.logits) return { title, html: '<p>The best model has no classifier head, so it forecasts no weather.</p>' };
    const counts = WEATHER.map(() => WEATHER.map(() => 0));
    test.forEach((sample, i) => {
      const logits = outputs.logits.subarray(i * WEATHER.length, (i + 1) * WEATHER.length);
      const predicted = logits.indexOf(Math.max(...logits));
      counts[data.labels[sample]][predicted] += 1;
    });
    const right = WEATHER.reduce((n, _, c) => n + counts[c][c], 0);
    const head = `<tr><th>actual / forecast</th>${WEATHER.map((w) => `<th>${w}</th>`).join('')}</tr>`;
    const body = WEATHER.map((w, c) => `<tr><th>${w}</th>${counts[c].map((n) => `<td>${n}</td>`).join('')}</tr>`).join('');
    return {
      title,
      html: `<p>${right} of ${test.length} test days forecast right.</p><table>${head}${body}</table>`,
    };
  },
});
