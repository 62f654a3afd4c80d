/**
 * The task's part of the report, drawn from the saved best model (never retrained) and the dataset loaded again
 * with the spec's task options and seed. When it cannot be drawn, one sentence says why.
 */
import { access } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { finalSplitRef, isModuleComponent, isUserError, resolveSplit, safeText, SAFE_ERROR_MAX, taskDeclaration, type ResultsFile } from '@seqsweep/core';
import { loadDataset, loadModel, MODEL_FILES, selectBackend, trialDataset, type BackendPreference } from '@seqsweep/ml';
import { paragraph, type ReportSection } from './html.js';
import { importTaskModule, moduleSection } from './module-section.js';
import type { TaskContext } from './task-context.js';

/** Options of the task section. */
export interface TaskSectionOptions {
  /** The TensorFlow.js backend to predict with (the process's first choice holds). @default 'auto' */
  readonly backend?: BackendPreference;
}

const missing = (task: string, why: string): ReportSection => ({
  id: 'task', title: `${task}: the best model`, html: paragraph(`The ${task} plots are missing because ${why}.`, 'note'),
});

/** Why `best/` has no model, from the sweep's final trial. */
function whyNoModel(results: ResultsFile): string {
  const final = results.trials.find((t) => t.stage === 'final');
  if (!results.spec.final.retrain) return 'the spec sets final.retrain to false, so no best model was retrained and saved';
  if (!final) {
    const evaluated = results.trials.some((t) => t.stage === 'evaluate' && t.status === 'completed');
    return evaluated ? `the sweep ended (${results.status}) before its final trial ran, so no best model was saved` : 'no point completed the evaluate stage, so no best model was trained';
  }
  if (final.status !== 'completed') return `the final trial ${final.status}${final.error ? ` (${safeText(final.error, SAFE_ERROR_MAX)})` : ''}, so no best model was saved`;
  return 'best/ holds no saved model (best/model.json is missing)';
}

async function hasModel(dir: string): Promise<boolean> {
  return access(join(dir, MODEL_FILES.model)).then(() => true, (e: unknown) => {
    if ((e as { code?: unknown }).code === 'ENOENT') return false;
    throw e;
  });
}

type SectionDrawer = (ctx: TaskContext) => Promise<ReportSection>;

/** What a built-in section's name may be: it names a file, so nothing but a plain lower-case word. */
const SECTION_NAME = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * The report section a built-in task's declaration names (`reportSection`): the `section` export of
 * `task-sections/<name>.ts`. A new section is that one file; no list names it. A name with no such file (or not a
 * plain word) is a declaration's mistake, reported as one.
 */
export async function builtinSection(name: string): Promise<SectionDrawer> {
  const fail = (why: string): never => {
    throw new Error(`the report section "${safeText(name)}" a task declares ${why}: a built-in section is the \`section\` export of packages/report/src/task-sections/<name>.ts`);
  };
  if (!SECTION_NAME.test(name)) return fail('is not a plain lower-case name');
  let module: { section?: unknown };
  try {
    // Beside this file, in the extension it runs as (.js built, .ts under the test runner).
    const file = new URL(`./task-sections/${name}${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
    module = (await import(/* @vite-ignore */ file)) as { section?: unknown };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || /Failed to load url|Cannot find module/.test(String(e))) return fail('has no file');
    throw e;
  }
  if (typeof module.section !== 'function') return fail('exports no `section` function');
  return module.section as SectionDrawer;
}

/**
 * The section its declaration names for the spec's task; none for a task that names none (noop, a module without
 * its own), which gets the generic sections only. Errors the user can act on (a missing data file) become the sentence.
 */
export async function taskSections(dir: string, results: ResultsFile, options: TaskSectionOptions = {}): Promise<ReportSection[]> {
  const { spec } = results;
  const task = spec.task;
  let section: SectionDrawer | undefined;
  if (isModuleComponent(task)) {
    // A task module draws its own section, if it has one; without one the report keeps its generic sections.
    const imported = await importTaskModule(results);
    if (imported.why) return [missing('task module', imported.why)];
    const module = imported.module!;
    if (!module.report) return [];
    section = (ctx) => moduleSection(module, ctx);
  } else {
    const name = taskDeclaration(task)?.reportSection;
    section = name === undefined ? undefined : await builtinSection(name);
  }
  if (!section) return [];
  const bestDir = join(dir, 'best');
  const label = taskDeclaration(task)?.name ?? task.name;
  if (!results.best || !(await hasModel(bestDir))) return [missing(label, whyNoModel(results))];
  await selectBackend(options.backend ?? 'auto');
  let ctx: TaskContext;
  try {
    const { model } = await loadModel(bestDir);
    const dataset = await loadDataset(task, { seed: spec.seed }).catch((e: unknown) => {
      model.dispose();
      throw e;
    });
    const split = resolveSplit(dataset.size, finalSplitRef(spec), spec.seed, dataset.labels, dataset.dates);
    // Scaled as the final trial was: scalers fit on the whole training period, so dollars come back through them.
    ctx = { results, model, dataset: trialDataset(dataset, split.train), test: split.val };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return [missing(label, `${e.message}${e.fix ? ` (fix: ${e.fix})` : ''}`)];
  }
  try {
    if (ctx.test.length === 0) return [missing(label, 'the spec holds out no test split (final.testFraction is 0)')];
    return [await section(ctx)];
  } finally {
    ctx.model.dispose();
  }
}
