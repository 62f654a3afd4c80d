/**
 * The closed-loop rollout of a next-day predictor: the model sees the first days of a window, then its own
 * prediction of each next day is appended to its input to predict the day after, until the window is full. The
 * model is only run, never retrained.
 */

/**
 * Runs a next-day predictor on windows (`n * steps` values, row-major, one feature) and returns its outputs in the
 * same layout: output `t` of a window predicts day `t + 1`. It must be causal, as an LSTM read forwards is: output
 * `t` depends only on inputs `0..t`.
 */
export type NextDayModel = (windows: Float32Array) => Float32Array;

/** How many of a window's days the model sees: the first half (rounded down, at least one). */
export function seenDays(steps: number): number {
  return Math.max(1, Math.floor(steps / 2));
}

/**
 * Predicts days `seen..steps-1` of every window from its days `0..seen-1` alone, feeding the model's own outputs
 * back as its inputs. Returns `n * (steps - seen)` forecasts, row-major: forecast `k` of a window is its day
 * `seen + k`, predicted `k + 1` days ahead. Costs `steps - seen` runs of `next` over all windows.
 *
 * The actual days the model must not see are overwritten before the first run (with the last seen day), so they
 * cannot leak into a forecast even through a model that is not causal.
 */
export function closedLoopRollout(windows: Float32Array, steps: number, seen: number, next: NextDayModel): Float32Array {
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`a rollout needs windows of at least 2 steps, got ${steps}`);
  if (!Number.isInteger(seen) || seen < 1 || seen >= steps) throw new Error(`seen days must be a whole number in [1, ${steps - 1}], got ${seen}`);
  if (windows.length % steps !== 0) throw new Error(`${windows.length} values are not whole windows of ${steps} steps`);
  const n = windows.length / steps;
  const horizon = steps - seen;
  const x = Float32Array.from(windows);
  for (let j = 0; j < n; j++) x.fill(windows[j * steps + seen - 1]!, j * steps + seen, (j + 1) * steps);
  const forecasts = new Float32Array(n * horizon);
  for (let k = 0; k < horizon; k++) {
    const out = next(x);
    if (out.length !== x.length) throw new Error(`the model returned ${out.length} outputs for ${x.length} inputs`);
    for (let j = 0; j < n; j++) {
      // Output seen-1+k predicts day seen+k, which becomes the input of the next run.
      const forecast = out[j * steps + seen - 1 + k]!;
      forecasts[j * horizon + k] = forecast;
      x[j * steps + seen + k] = forecast;
    }
  }
  return forecasts;
}
