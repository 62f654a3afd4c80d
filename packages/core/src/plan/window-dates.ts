/** The dates of a dataset's windows, and the scalers that read values back, as the splits and the forecast scoring see them. */

/**
 * Dates of windows, as whole days since 1970-01-01 (UTC): a window's first day is its first input day, its last day
 * the last day its target reads (the day after its last input day). `calendar` holds every date of the data, of
 * every series, sorted and distinct: the axis along which the split cuts and its gaps are counted.
 */
export interface WindowDates {
  readonly first: Int32Array;
  readonly last: Int32Array;
  readonly calendar: Int32Array;
}

/** A MinMax scaler kept per group so predictions can be read in original units (dollars for sp500); fit on training days only. */
export interface MinMaxScaler {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}
