/**
 * What every task and model declares once, beside its option schema: the facts the spec checks, the planner, the
 * coordinator, the workers and the report read. The built-ins declare them in components.ts; a user's module
 * declares the same fields through `defineTask` / `defineModel` of @seqsweep/ml. zod only: nothing here loads
 * TensorFlow.js, so `plan` can check a module's options without it.
 */
import type { z } from 'zod';

/** What a task's data is for: it decides which models fit and which metrics they report. */
export const TASK_KINDS = ['reconstruction', 'classification', 'prediction'] as const;
/** What a task's data is for: `reconstruction` (inputs only), `classification` (labels), `prediction` (a target). */
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * What a model predicts beside the reconstruction of its input (always output 0): `none` (one output),
 * `classification` (output 1 is logits `[B, classes]`) or `prediction` (output 1 is the next step `[B, T, F]`).
 */
export const MODEL_HEADS = ['none', 'classification', 'prediction'] as const;
/** See {@link MODEL_HEADS}. */
export type ModelHead = (typeof MODEL_HEADS)[number];

/** An option of a task that names data on disk, which the coordinator ships to workers by digest. */
export interface FileOption {
  /** The option's key, such as `path` or `dir`. */
  readonly key: string;
  /** `file`: the option names one file; `folder`: a folder, of which the files matching `files` are shipped. */
  readonly is: 'file' | 'folder';
  /** For a folder: the files workers need. @default every file */
  readonly files?: RegExp;
}

/** The options of any component: a zod object (strict, with defaults). */
export type OptionsSchema = z.ZodObject;

/** A task, declared once. */
export interface TaskDeclaration<S extends OptionsSchema = OptionsSchema> {
  /** The name a spec chooses it by (`task: { name: toy }`); a module's is its file name. */
  readonly name: string;
  /** One line for help texts and the report. */
  readonly description: string;
  /** Its option schema: strict, with every default. */
  readonly options: S;
  /** What its data is for. */
  readonly kind: TaskKind;
  /** True when its samples are windows of dated series, so splits and folds go by date. */
  readonly dated: boolean;
  /** The options that name data files (shipped to workers by digest, set by `--data`: the first one). @default none */
  readonly fileOptions: readonly FileOption[];
  /**
   * The report section that draws its best model, by name (`toy`, `mnist`, `forecast`, or a module's own); none
   * gives only the report's generic sections.
   */
  readonly reportSection?: string | undefined;
  /** True when it trains nothing (noop), so it fits every model. @default false */
  readonly trainsNothing?: boolean;
  /** True when its data depends on the seed for these (parsed) options. @default always */
  readonly seeded?: (options: Record<string, unknown>) => boolean;
}

/** A model, declared once. */
export interface ModelDeclaration<S extends OptionsSchema = OptionsSchema> {
  /** The name a spec chooses it by (`model: { name: lstm-ae }`); a module's is its file name. */
  readonly name: string;
  /** One line for help texts and the report. */
  readonly description: string;
  /** Its option schema: strict, with every default. */
  readonly options: S;
  /** What it outputs beside the reconstruction. */
  readonly head: ModelHead;
  /** The task kinds it can train on. */
  readonly kinds: readonly TaskKind[];
}

/** The heads that report each objective metric beyond `valLoss` and `valReconLoss`. */
export const HEADS_FOR_METRIC: Readonly<Record<string, readonly ModelHead[]>> = {
  valAccuracy: ['classification'],
  valTaskLoss: ['classification', 'prediction'],
};

/** Declares a built-in task (a typed identity: the registry reads the declaration as written). */
export const declareTask = <S extends OptionsSchema>(declaration: TaskDeclaration<S>): TaskDeclaration<S> => declaration;
/** Declares a built-in model (a typed identity: the registry reads the declaration as written). */
export const declareModel = <S extends OptionsSchema>(declaration: ModelDeclaration<S>): ModelDeclaration<S> => declaration;
