/**
 * The one registry of tasks and models: the built-ins of components.ts, and the users' modules a spec names, which
 * are registered under their path once their file has been imported (`loadSpecFile` does it before it parses).
 * Everything that needs a fact of a component (its kind, head, file options, dated, report section, option
 * schema) asks here, by the component's value in the spec (`{ name }` or `{ name: module, module }`).
 */
import { UserError, ErrorCode } from '../errors.js';
import { BUILTIN_MODELS, BUILTIN_TASKS } from './components.js';
import { MODEL_HEADS, TASK_KINDS, type FileOption, type ModelDeclaration, type OptionsSchema, type TaskDeclaration } from './component-declaration.js';
import { isRecord } from './value-text.js';

const builtinTasks = new Map<string, TaskDeclaration>(BUILTIN_TASKS.map((t) => [t.name, t as unknown as TaskDeclaration]));
const builtinModels = new Map<string, ModelDeclaration>(BUILTIN_MODELS.map((m) => [m.name, m as unknown as ModelDeclaration]));
const moduleTasks = new Map<string, TaskDeclaration>();
const moduleModels = new Map<string, ModelDeclaration>();

/** The key a component is registered under: its name, or `module:<path>` for a user's module. */
export function componentKey(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (value.name === 'module' || (value.name === undefined && value.module !== undefined)) {
    return typeof value.module === 'string' ? `module:${value.module}` : undefined;
  }
  return typeof value.name === 'string' ? value.name : undefined;
}

/** True when the spec value names a user's module (`{ module: ... }`). */
export function isModuleComponent(value: unknown): value is { name?: 'module'; module: string; [key: string]: unknown } {
  return isRecord(value) && typeof value.module === 'string' && (value.name === undefined || value.name === 'module');
}

/** The task a spec value (or registry key) names, if it is registered. */
export function taskDeclaration(value: unknown): TaskDeclaration | undefined {
  const key = typeof value === 'string' ? value : componentKey(value);
  return key === undefined ? undefined : (builtinTasks.get(key) ?? moduleTasks.get(key));
}

/** The model a spec value (or registry key) names, if it is registered. */
export function modelDeclaration(value: unknown): ModelDeclaration | undefined {
  const key = typeof value === 'string' ? value : componentKey(value);
  return key === undefined ? undefined : (builtinModels.get(key) ?? moduleModels.get(key));
}

/** Every registered task: the built-ins, then the modules registered in this process. */
export const listTaskDeclarations = (): TaskDeclaration[] => [...builtinTasks.values(), ...moduleTasks.values()];
/** Every registered model: the built-ins, then the modules registered in this process. */
export const listModelDeclarations = (): ModelDeclaration[] => [...builtinModels.values(), ...moduleModels.values()];
/** The built-in tasks' declarations. */
export const builtinTaskDeclarations = (): TaskDeclaration[] => [...builtinTasks.values()];
/** The built-in models' declarations. */
export const builtinModelDeclarations = (): ModelDeclaration[] => [...builtinModels.values()];

const fail = (path: string, what: string): UserError => new UserError(ErrorCode.InvalidSpec, `module ${path} ${what}`, {
  fix: 'export default defineTask({...}) or defineModel({...}) from @seqsweep/ml/define (examples/custom shows both)',
});

const isSchema = (v: unknown): v is OptionsSchema => isRecord(v) && typeof v.safeParse === 'function' && isRecord(v.shape) && '_zod' in v;

function checkCommon(path: string, d: Record<string, unknown>): void {
  if (!isSchema(d.options)) throw fail(path, 'exports no options schema (options: a zod object such as z.strictObject({ hiddenSize: z.number().default(16) }))');
  if ('name' in d.options.shape || 'module' in d.options.shape) throw fail(path, 'declares an option named "name" or "module"; those keys are the spec\'s own');
}

/**
 * Checks what a module exports as its declaration and registers it as a task under `module:<path>`.
 * @throws {UserError} (INVALID_SPEC) naming the module and what is wrong with its export.
 */
export function registerModuleTask(path: string, exported: unknown): TaskDeclaration {
  if (!isRecord(exported) || exported.component !== 'task') throw fail(path, 'has no default export made by defineTask');
  checkCommon(path, exported);
  if (!(TASK_KINDS as readonly unknown[]).includes(exported.kind)) throw fail(path, `declares kind ${String(exported.kind)}; expected one of ${TASK_KINDS.join(', ')}`);
  const declaration: TaskDeclaration = {
    name: typeof exported.name === 'string' ? exported.name : path,
    description: typeof exported.description === 'string' ? exported.description : `task module ${path}`,
    options: exported.options as OptionsSchema,
    kind: exported.kind as TaskDeclaration['kind'],
    dated: exported.dated === true,
    fileOptions: Array.isArray(exported.fileOptions) ? (exported.fileOptions as FileOption[]) : [],
    reportSection: typeof exported.reportSection === 'string' ? exported.reportSection : undefined,
  };
  moduleTasks.set(`module:${path}`, declaration);
  return declaration;
}

/**
 * Checks what a module exports as its declaration and registers it as a model under `module:<path>`.
 * @throws {UserError} (INVALID_SPEC) naming the module and what is wrong with its export.
 */
export function registerModuleModel(path: string, exported: unknown): ModelDeclaration {
  if (!isRecord(exported) || exported.component !== 'model') throw fail(path, 'has no default export made by defineModel');
  checkCommon(path, exported);
  if (!(MODEL_HEADS as readonly unknown[]).includes(exported.head)) throw fail(path, `declares head ${String(exported.head)}; expected one of ${MODEL_HEADS.join(', ')}`);
  const kinds = Array.isArray(exported.kinds) ? exported.kinds.filter((k) => (TASK_KINDS as readonly unknown[]).includes(k)) : [];
  if (kinds.length === 0) throw fail(path, `declares no task kinds it trains on; expected kinds: a list of ${TASK_KINDS.join(', ')}`);
  const declaration: ModelDeclaration = {
    name: typeof exported.name === 'string' ? exported.name : path,
    description: typeof exported.description === 'string' ? exported.description : `model module ${path}`,
    options: exported.options as OptionsSchema,
    head: exported.head as ModelDeclaration['head'],
    kinds: kinds as ModelDeclaration['kinds'],
  };
  moduleModels.set(`module:${path}`, declaration);
  return declaration;
}

/** The options of a component value that its own schema reads: built-ins' schemas read `name`, modules' do not. */
export function ownOptions(value: Record<string, unknown>): Record<string, unknown> {
  if (!isModuleComponent(value)) return value;
  const { name: _name, module: _module, ...rest } = value;
  return rest;
}

/** Whether the data of a task value depends on the seed (its declaration's `seeded`; always, when unknown). */
export function taskUsesSeed(value: unknown): boolean {
  const declaration = taskDeclaration(value);
  if (!declaration || !isRecord(value)) return true;
  return declaration.seeded ? declaration.seeded(value) : true;
}

/**
 * A module's value with the defaults of its own schema filled in (as the built-ins' schemas fill theirs), so that
 * every process reads the same options; unchanged when it is no module, is not registered here, or does not parse.
 */
export function withModuleDefaults<T>(value: T): T {
  if (!isModuleComponent(value)) return value;
  const declaration = value.name === 'module' || value.name === undefined ? (taskDeclaration(value) ?? modelDeclaration(value)) : undefined;
  const parsed = declaration?.options.safeParse(ownOptions(value));
  return parsed?.success ? ({ name: 'module', module: value.module, ...parsed.data } as T) : value;
}

/** `{ module }` written without a name gets `name: module`, the tag the spec schema's unions choose modules by. */
export function withModuleName(value: unknown): unknown {
  return isRecord(value) && value.module !== undefined && value.name === undefined ? { name: 'module', ...value } : value;
}
