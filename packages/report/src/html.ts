/** Small HTML builders for the report: escaping, tables, figures and the page around them. */
import { paramText } from '@seqsweep/core';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with the characters HTML gives meaning to escaped, for element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A number the way the report shows it: 4 significant digits, exponent form for very small or large values. */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs < 1e-3 || abs >= 1e6 ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
}

/** A value of a swept parameter as text (core's `paramText`: 3 significant digits; the files keep every digit). */
export function formatValue(v: unknown): string {
  return v === null || v === undefined ? 'null' : paramText(v);
}

/** A table from header cells and rows of cell text (all escaped here). `numeric` columns are right-aligned. */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], options: { numeric?: readonly number[]; highlight?: number } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  const cell = (tag: 'td' | 'th', text: string, i: number): string => `<${tag}${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr>`;
  const body = rows.map((r, i) => `<tr${i === options.highlight ? ' class="best"' : ''}>${r.map((c, j) => cell('td', c, j)).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A paragraph of plain text. */
export function paragraph(text: string, className?: string): string {
  return `<p${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</p>`;
}

/** An inline SVG chart with a caption. */
export function figure(svg: string, caption: string): string {
  return `<figure>\n${svg}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}

/** One part of the report: a heading and its HTML. */
export interface ReportSection {
  /** The anchor of the section, unique in the page. */
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
nav a { margin-right: 1rem; } .meta { color: #555; } .note { color: #555; font-style: italic; }
.verdict { font-weight: 600; padding: .5rem .8rem; border-left: 4px solid #c33; background: #fdf0f0; }
.verdict.good { border-color: #2a7; background: #effaf4; }
table { border-collapse: collapse; margin: .6rem 0; font-size: 13px; } th, td { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
th { background: #f6f6f6; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } tr.best td { background: #fff8dc; }
.row { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.chart-reading { display: flex; flex-wrap: wrap; align-items: center; gap: 0 1.5rem; } .chart-reading > p.reading { max-width: 340px; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { color: #555; font-size: 12px; } svg { max-width: none; }
`;

/** The whole page: title, a line about the sweep, a table of contents and the sections. No scripts, no links out. */
export function htmlPage(title: string, meta: string, sections: readonly ReportSection[]): string {
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('\n');
  const body = sections.map((s) => `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(meta)}</p>
<nav>
${nav}
</nav>
${body}
</body>
</html>
`;
}
