/**
 * Datasets: the synthetic toy signal, MNIST from IDX files, S&P 500 prices from CSV, and the noop set, each
 * loaded into one {@link SequenceDataset} shape and cached once per process.
 */
export { loadDataset, datasetKey, datasetKind, datasetUsesSeed, describeDataset } from './load-dataset.js';
export type { LoadDatasetOptions } from './load-dataset.js';
export { DatasetCache } from './dataset-cache.js';
export type { DatasetCacheStats } from './dataset-cache.js';
export { loadToy, dipGeometry } from './toy.js';
export type { ToyTask, ToyInfo, DipGeometry } from './toy.js';
export { loadMnist } from './mnist.js';
export type { MnistTask, MnistInfo } from './mnist.js';
export { parseIdxImages, parseIdxLabels, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from './idx.js';
export type { IdxImages } from './idx.js';
export { loadSp500, defaultSp500Path } from './sp500.js';
export type { Sp500Task, Sp500Info } from './sp500.js';
export { readPriceTable } from './price-table.js';
export type { PriceTable, PriceSeries, DroppedRows } from './price-table.js';
export { loadSeries } from './series.js';
export type { SeriesTask, SeriesInfo } from './series.js';
export { readSeriesTable } from './series-table.js';
export type { SeriesTable, SeriesColumns, DroppedSeriesRows } from './series-table.js';
export { buildDatedWindows, dayNumber, windowCount } from './dated-windows.js';
export type { DatedSeries, DatedWindows } from './dated-windows.js';
export { trialDataset, fitGroupScalers } from './trial-scaling.js';
export type { GroupScalers } from './trial-scaling.js';
export { csvRows, readCsvRows } from './csv-rows.js';
export type { CsvRow } from './csv-rows.js';
export { loadNoop } from './noop.js';
export { registerTask, listTasks, getTaskDefinition } from './task-registry.js';
export type { SequenceDataset, TaskKind, DatasetInfo, MinMaxScaler, WindowDates } from './types.js';
