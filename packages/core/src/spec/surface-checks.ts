/**
 * The checks of a `noop` task's benchmark surface variables (`x1` ... `xd`), under `grid` and under `space`: values
 * and ranges are numbers inside the surface's domain, and every variable the surface reads is swept.
 */
import { SURFACES, surfaceKeys } from '../plan/search/surfaces.js';
import type { RawSpecIssue } from './spec-issues.js';
import { taskSurface } from './swept-options.js';
import { isRecord } from './value-text.js';

type Report = (issue: RawSpecIssue) => void;

/** The domain of variable `key` of the task's surface, or undefined (an unknown surface, or a key beyond its dimension). */
function domainOf(task: unknown, key: string): readonly [number, number] | undefined {
  const name = taskSurface(task);
  return name ? SURFACES[name].domain[Number(key.slice(1)) - 1] : undefined;
}

const outside = (key: string, [low, high]: readonly [number, number]): string => `outside the surface's domain for ${key}, [${low}, ${high}]`;

/** A list of values of surface variable `key` (a grid axis or a choice under `space`): numbers inside the domain. */
export function checkSurfaceValues(section: string, key: string, values: readonly unknown[], task: unknown, report: Report): void {
  const domain = domainOf(task, key);
  values.forEach((value, i) => {
    if (typeof value !== 'number') report({ path: [section, key, i], message: `expected a number; the surface reads ${key} as one` });
    else if (domain && (value < domain[0] || value > domain[1])) report({ path: [section, key, i], message: outside(key, domain) });
  });
}

/** A range of surface variable `key` under `space` (`{ uniform: [low, high] }` and the like): inside the domain. */
export function checkSurfaceRange(key: string, entry: Record<string, unknown>, task: unknown, report: Report): void {
  const domain = domainOf(task, key);
  if (!domain) return;
  for (const kind of ['uniform', 'loguniform', 'int']) {
    const bounds = entry[kind];
    if (!Array.isArray(bounds)) continue;
    bounds.forEach((b, i) => {
      if (typeof b === 'number' && (b < domain[0] || b > domain[1])) report({ path: ['space', key, kind, i], message: outside(key, domain) });
    });
  }
}

/** A surface task needs every variable its surface reads swept, by the grid or the space. */
export function checkSurfaceCovered(spec: Record<string, unknown>, report: Report): void {
  const surface = taskSurface(spec.task);
  if (!surface) return;
  const swept = new Set([spec.grid, spec.space].flatMap((axes) => (isRecord(axes) ? Object.keys(axes) : [])));
  const missing = surfaceKeys(surface).filter((k) => !swept.has(k));
  if (missing.length > 0) {
    report({ path: ['task', 'surface'], message: `surface ${surface} reads ${surfaceKeys(surface).join(', ')}; sweep ${missing.join(', ')} too` });
  }
}
