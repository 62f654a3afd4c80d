// The hooks thread of record-imports.mjs: records each resolved module, then resolves it as usual.
import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data.log;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (log) appendFileSync(log, JSON.stringify({ url: resolved.url, parent: context.parentURL ?? null, pid: process.pid }) + '\n');
  return resolved;
}
