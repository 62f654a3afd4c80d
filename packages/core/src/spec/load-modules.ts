/**
 * Imports the modules a raw spec names (`task: { module: ./tasks/ecg.mjs }`, relative to the spec's folder) and
 * registers their declarations, so that the spec's checks read each module's own option schema. Only the
 * declaration is read: a module builds its model or loads its data later, on a worker, where it gets TensorFlow.js.
 */
import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpecError, isUserError, type SpecIssue } from '../errors.js';
import { registerModuleModel, registerModuleTask } from './component-registry.js';
import { isRecord } from './value-text.js';

/** Imports an ES module by absolute path; tests inject their own. */
export type ModuleImporter = (path: string) => Promise<Record<string, unknown>>;

/** Node's own `import()`. */
export const importModuleFile: ModuleImporter = (path) => import(pathToFileURL(path).href) as Promise<Record<string, unknown>>;

const FIELDS = ['task', 'model'] as const;

const errorText = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

async function registerOne(field: 'task' | 'model', path: string, importer: ModuleImporter): Promise<SpecIssue | undefined> {
  const at = `${field}.module`;
  const found = await access(path).then(() => true, () => false);
  if (!found) return { path: at, message: `module file ${path} does not exist (module paths are relative to the spec's folder)` };
  let exported: Record<string, unknown>;
  try {
    exported = await importer(path);
  } catch (e) {
    return { path: at, message: `importing module ${path} failed: ${errorText(e)}` };
  }
  try {
    if (field === 'task') registerModuleTask(path, exported.default);
    else registerModuleModel(path, exported.default);
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { path: at, message: e.message };
  }
  return undefined;
}

/**
 * Returns `raw` with each `task.module` and `model.module` made absolute against `base`, after importing and
 * registering each module.
 * @throws {SpecError} listing every module that is missing, fails to import or exports no declaration.
 */
export async function loadSpecModules(raw: unknown, base: string, importer: ModuleImporter = importModuleFile): Promise<unknown> {
  if (!isRecord(raw)) return raw;
  const out: Record<string, unknown> = { ...raw };
  const issues: SpecIssue[] = [];
  for (const field of FIELDS) {
    const value = raw[field];
    if (!isRecord(value) || typeof value.module !== 'string' || value.module.length === 0) continue;
    const path = isAbsolute(value.module) ? value.module : resolve(base, value.module);
    out[field] = { ...value, module: path };
    const issue = await registerOne(field, path, importer);
    if (issue) issues.push(issue);
  }
  if (issues.length > 0) throw new SpecError(issues);
  return out;
}
