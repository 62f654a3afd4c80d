/**
 * The section a task module adds to the report (its `report`), drawn from the best model's outputs on the held-out
 * test samples. Only the process that ran the sweep draws it (it imported the module already, from the spec the user
 * gave it): `seqsweep report` on a run folder never runs code a results.json names. The module is imported again
 * only when its files still have the digests results.json records, so the section is drawn by the code the sweep ran.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerModuleTask, sha256Hex, taskDeclaration, type ModuleRef, type ResultsFile } from '@seqsweep/core';
import { predict, registerTask, type TaskModule } from '@seqsweep/ml';
import { escapeHtml, type ReportSection } from './html.js';
import type { TaskContext } from './task-context.js';

/** Why the module cannot be used as the sweep ran it, or undefined when every file has its recorded digest. */
async function changed(entry: string, ref: ModuleRef): Promise<string | undefined> {
  for (const [path, object] of Object.entries(ref.files)) {
    const local = join(dirname(entry), ...path.split('/'));
    const bytes = await readFile(local).catch(() => null);
    if (!bytes) return `${local} is missing`;
    if (sha256Hex(bytes) !== object.digest) return `${local} has changed since the sweep ran (its digest differs from results.json's)`;
  }
  return undefined;
}

/**
 * Imports the spec's task module and registers it here (so that its data loads as on the workers); returns it, or
 * why it cannot be used.
 */
export async function importTaskModule(results: ResultsFile): Promise<{ module?: TaskModule; why?: string }> {
  const entry = (results.spec.task as { module?: string }).module;
  const ref = results.code?.task;
  if (!entry || !ref) return { why: 'results.json records no task module' };
  if (!taskDeclaration(results.spec.task)) {
    return { why: `its section is drawn by the run itself: seqsweep report does not run the code of task module ${entry} that results.json names` };
  }
  const why = await changed(entry, ref);
  if (why) return { why: `task module ${entry} cannot be used: ${why}` };
  try {
    const exported = (await import(pathToFileURL(entry).href)) as { default?: unknown };
    registerModuleTask(entry, exported.default);
    const module = exported.default as TaskModule;
    registerTask(module, `module:${entry}`);
    return { module };
  } catch (e) {
    return { why: `task module ${entry} failed to import: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}

/** The module's own section, from the best model's outputs on the test samples. */
export async function moduleSection(module: TaskModule, ctx: TaskContext): Promise<ReportSection> {
  const outputs = predict(ctx.model, ctx.dataset, ctx.test);
  try {
    const section = await module.report!({ data: ctx.dataset, test: ctx.test, outputs });
    return { id: 'task', title: section.title, html: section.html };
  } catch (e) {
    const why = `task module ${module.name}'s report failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    return { id: 'task', title: `${module.name}: the best model`, html: `<p class="note">${escapeHtml(why)}.</p>` };
  }
}
