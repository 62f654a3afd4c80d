/**
 * Opening a report.html in a browser and reading back what the browser made of it: every chart as drawn, every
 * request the page made, and everything it said on the console.
 */
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';

/** One chart container (`<figure>`) as the browser laid it out. */
export interface DrawnChart {
  /** The id of the report section it sits in. */
  readonly section: string;
  readonly caption: string;
  /** `<svg>` elements inside the figure. */
  readonly svgs: number;
  /** The first svg's rendered size in CSS pixels. */
  readonly width: number;
  readonly height: number;
  /** Graphic elements of vega's data marks (`.role-mark`), and how many of them have a non-empty box. */
  readonly marks: number;
  readonly drawnMarks: number;
}

/** What the browser did with one report. */
export interface ReportInBrowser {
  /** The report's own file URL. */
  readonly url: string;
  /** Every request the page or the browser context made, by URL (the report's own load included). */
  readonly requests: string[];
  /** Console messages, as `type: text`. */
  readonly console: string[];
  /** Uncaught errors of the page. */
  readonly pageErrors: string[];
  readonly charts: DrawnChart[];
  /** `<svg>` elements in the whole document. */
  readonly svgs: number;
  /** Section ids, in order. */
  readonly sections: string[];
}

/**
 * Runs in the page: each figure's svg size and data marks. Plain JavaScript source, since the tests are compiled
 * without the DOM's types and a compiled function could carry the compiler's helpers into the page.
 */
const READ_CHARTS = `(() => {
  const charts = [...document.querySelectorAll('figure')].map((figure) => {
    const svgs = figure.querySelectorAll('svg');
    const box = svgs[0] ? svgs[0].getBoundingClientRect() : { width: 0, height: 0 };
    const marks = [...figure.querySelectorAll('svg .role-mark > *')];
    const drawnMarks = marks.filter((m) => {
      const b = m.getBBox();
      return b.width > 0 || b.height > 0;
    }).length;
    const section = figure.closest('section');
    const caption = figure.querySelector('figcaption');
    return {
      section: section ? section.id : '', caption: caption ? caption.textContent : '',
      svgs: svgs.length, width: box.width, height: box.height, marks: marks.length, drawnMarks,
    };
  });
  return { charts, svgs: document.querySelectorAll('svg').length, sections: [...document.querySelectorAll('section')].map((s) => s.id) };
})()`;

/**
 * Loads `file` in a new page of `context` and reads back its charts, requests and console. Any request other than
 * the report's own file is recorded and refused, so a report that reaches out fails the test without going out.
 */
export async function openReport(context: BrowserContext, file: string): Promise<ReportInBrowser> {
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  const consoleLines: string[] = [];
  const pageErrors: string[] = [];
  const onRequest = (r: { url(): string }): void => void requests.push(r.url());
  context.on('request', onRequest);
  await context.route((u) => u.href !== url, (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  try {
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    page.on('websocket', (ws) => requests.push(ws.url()));
    await page.goto(url, { waitUntil: 'load' });
    const drawn = await page.evaluate<{ charts: DrawnChart[]; svgs: number; sections: string[] }>(READ_CHARTS);
    return { url, requests, console: consoleLines, pageErrors, ...drawn };
  } finally {
    await page.close();
    await context.unrouteAll();
    context.off('request', onRequest);
  }
}
