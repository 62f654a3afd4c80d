/**
 * Scaling a trial's data on its training days only. A dataset with `scaling: 'minmax-per-group'` holds raw values;
 * each trial fits one MinMax scaler per group and feature on the days of its training windows (inputs and
 * targets), and applies it to every window, so validation and test values may fall outside [0, 1]. The final
 * trial fits on the whole training period, and its scalers turn predictions back into the data's units.
 */
import type { MinMaxScaler, SequenceDataset } from './types.js';

/** Per group, per feature, the scaler fit on the training windows. */
export type GroupScalers = readonly (readonly MinMaxScaler[])[];

function fitOne(name: string, min: number, max: number): MinMaxScaler {
  return { name, min, max };
}

/**
 * Fits a scaler per group and feature on the values of the windows `train` (their inputs and targets). A group
 * with no training window gets the scaler of all training values of the feature, so that it still never sees a
 * value outside training.
 * @throws {Error} (a bug: splits keep training windows) when `train` is empty.
 */
export function fitGroupScalers(ds: SequenceDataset, train: Int32Array, names: readonly string[]): GroupScalers {
  if (train.length === 0) throw new Error('cannot fit scalers without training windows');
  const { steps: T, features: F } = ds;
  const groups = ds.groups ?? new Int32Array(ds.size);
  const G = Math.max(names.length, groups.reduce((m, g) => Math.max(m, g + 1), 0));
  const min = new Float64Array(G * F).fill(Infinity);
  const max = new Float64Array(G * F).fill(-Infinity);
  const poolMin = new Float64Array(F).fill(Infinity);
  const poolMax = new Float64Array(F).fill(-Infinity);
  for (const i of train) {
    const g = groups[i]!;
    for (const values of ds.target ? [ds.x, ds.target] : [ds.x]) {
      for (let t = 0; t < T; t++) {
        for (let f = 0; f < F; f++) {
          const v = values[(i * T + t) * F + f]!;
          if (v < min[g * F + f]!) min[g * F + f] = v;
          if (v > max[g * F + f]!) max[g * F + f] = v;
        }
      }
    }
  }
  for (let g = 0; g < G; g++) {
    for (let f = 0; f < F; f++) {
      poolMin[f] = Math.min(poolMin[f]!, min[g * F + f]!);
      poolMax[f] = Math.max(poolMax[f]!, max[g * F + f]!);
    }
  }
  return Array.from({ length: G }, (_, g) => Array.from({ length: F }, (_, f) => {
    const seen = Number.isFinite(min[g * F + f]!);
    return fitOne(names[g] ?? `group ${g}`, seen ? min[g * F + f]! : poolMin[f]!, seen ? max[g * F + f]! : poolMax[f]!);
  }));
}

/** `(v - min) / (max - min)` per group and feature; a flat scaler maps its value to 0 and others by their offset. */
function scaleValues(values: Float32Array, ds: SequenceDataset, scalers: GroupScalers): Float32Array {
  const { steps: T, features: F } = ds;
  const out = new Float32Array(values.length);
  for (let i = 0; i < ds.size; i++) {
    const s = scalers[ds.groups?.[i] ?? 0]!;
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < F; f++) {
        const k = (i * T + t) * F + f;
        const range = s[f]!.max - s[f]!.min;
        out[k] = (values[k]! - s[f]!.min) / (range > 0 ? range : 1);
      }
    }
  }
  return out;
}

/**
 * The dataset a trial trains and is judged on: for `minmax-per-group` data, a scaled copy with the scalers fit on
 * `train` (the target feature's in `info.scalers`, every feature's in `info.featureScalers`); any other dataset as is.
 */
export function trialDataset(ds: SequenceDataset, train: Int32Array): SequenceDataset {
  if (ds.scaling !== 'minmax-per-group') return ds;
  const names = Array.isArray(ds.info.seriesNames) ? (ds.info.seriesNames as string[]) : [];
  const scalers = fitGroupScalers(ds, train, names);
  const { scaling: _raw, ...rest } = ds;
  return {
    ...rest,
    x: scaleValues(ds.x, ds, scalers),
    ...(ds.target ? { target: scaleValues(ds.target, ds, scalers) } : {}),
    info: { ...ds.info, scalers: scalers.map((s) => s[0]!), featureScalers: scalers },
  };
}
