/**
 * Rendering a vega-lite chart to an SVG string in Node: vega-lite compiles it to vega, and a headless vega view
 * (renderer `none`, so no canvas and no DOM) draws it as SVG. Nothing is loaded over the network: every chart
 * carries its data inline.
 */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { figure } from './html.js';

/** A vega-lite spec with its data inline. */
export type ChartSpec = TopLevelSpec;

const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 10, titleFontSize: 11, gridColor: '#eee' },
  legend: { labelFontSize: 10, titleFontSize: 11 },
  header: { labelFontSize: 11, titleFontSize: 11 },
  title: { fontSize: 13, anchor: 'start' },
} as const;

/** Renders `spec` to a standalone `<svg>` element string. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CONFIG, ...spec.config } } as ChartSpec;
  const view = new View(parse(compile(withConfig).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A chart rendered and wrapped in a captioned figure. */
export async function chartFigure(spec: ChartSpec, caption: string): Promise<string> {
  return figure(await renderSvg(spec), caption);
}
