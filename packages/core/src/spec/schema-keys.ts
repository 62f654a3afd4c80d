/**
 * Finds the keys an object schema accepts at a path of a value, looking through defaults, optionals, pipes and
 * discriminated unions (choosing the option the value's discriminator names). Used to suggest the key a user
 * meant when they wrote an unknown one.
 */
import type { z } from 'zod';
import { isRecord, type PathSegment } from './value-text.js';

/** The parts of a zod 4 schema definition this walker reads. */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly innerType?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly out?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly valueType?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
  readonly discriminator?: string;
}

const defOf = (schema: z.core.$ZodType): SchemaDef => schema._zod.def as unknown as SchemaDef;

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** Looks through wrappers (and, unless `keepUnion`, picks the discriminated-union option that `value` selects). */
function resolve(schema: z.core.$ZodType, value: unknown, keepUnion = false): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (let guard = 0; current && guard < 32; guard++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    // A preprocess is a pipe from a transform: its keys are those of the schema the transform feeds.
    else if (def.type === 'pipe' && def.in) current = defOf(def.in).type === 'transform' ? def.out : def.in;
    else if (def.type === 'union' && def.discriminator !== undefined && def.options && !keepUnion) {
      const tag = isRecord(value) ? value[def.discriminator] : undefined;
      current = def.options.find((o) => o._zod.propValues?.[def.discriminator!]?.has(tag as never));
    } else return current;
  }
  return current;
}

/** The schema for one step down from `schema` (already resolved) along `segment`. */
function child(schema: z.core.$ZodType, segment: PathSegment): z.core.$ZodType | undefined {
  const def = defOf(schema);
  if (def.type === 'object' && def.shape) return typeof segment === 'string' ? def.shape[segment] : undefined;
  if (def.type === 'record') return def.valueType;
  if (def.type === 'array') return def.element;
  return undefined;
}

/** The schema at `path` (before wrappers are looked through) and the value there. */
function schemaAt(schema: z.core.$ZodType, path: readonly PathSegment[], input: unknown): { schema: z.core.$ZodType; value: unknown } | undefined {
  let current: z.core.$ZodType | undefined = schema;
  let value: unknown = input;
  for (const segment of path) {
    current = current && resolve(current, value);
    current = current && child(current, segment);
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    if (!current) return undefined;
  }
  return { schema: current, value };
}

/**
 * The keys the object schema at `path` accepts, given `input` (the whole value being parsed), or `undefined`
 * when the path does not lead to an object schema.
 */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PathSegment[], input: unknown): string[] | undefined {
  const at = schemaAt(schema, path, input);
  const last = at && resolve(at.schema, at.value);
  const def = last && defOf(last);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** The discriminator key (such as `name`) when the schema at `path` is a discriminated union. */
export function discriminatorAt(schema: z.core.$ZodType, path: readonly PathSegment[], input: unknown): string | undefined {
  const at = schemaAt(schema, path, input);
  const last = at && resolve(at.schema, at.value, true);
  return last ? defOf(last).discriminator : undefined;
}

