/** Encodings shared by the charts of values per epoch (loss curves, the mnist accuracy curves). */

/** Epochs on x, whole numbers only. */
export const EPOCH_AXIS = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' } } as const;

/** Training curves solid, validation curves dashed, with a legend that shows the dashes. */
export function trainValDash(field: string) {
  return {
    field, type: 'nominal', title: 'curve',
    legend: { symbolType: 'stroke', symbolStrokeColor: '#555', symbolStrokeWidth: 1.5 },
    scale: { domain: ['train', 'validation'], range: [[1, 0], [4, 3]] },
  } as const;
}

/** A line kept inside its panel, with dots instead when a single epoch gives no line to draw. */
export function curveMark(values: readonly { readonly epoch: number }[]) {
  const single = values.every((v) => v.epoch <= 1);
  return { type: 'line', strokeWidth: 1.4, clip: true, point: single ? { size: 20 } : false } as const;
}
