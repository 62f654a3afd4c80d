import { describe, expect, it } from 'vitest';
import { builtinTaskDeclarations } from '@seqsweep/core';
import { builtinSection } from './task-section.js';

describe('built-in report sections', () => {
  const named = builtinTaskDeclarations().filter((t) => t.reportSection !== undefined);

  it('has at least one task that names a section, so the loop below checks something', () => {
    expect(named.length).toBeGreaterThan(0);
  });

  it.each(named.map((t) => [t.name, t.reportSection!] as const))('task %s: its section "%s" is the section export of task-sections/<name>.ts', async (_task, name) => {
    expect(typeof (await builtinSection(name))).toBe('function');
  });

  it('refuses a name with no file, or one that is not a plain word, in one sentence', async () => {
    await expect(builtinSection('no-such-section')).rejects.toThrow('the report section "no-such-section" a task declares has no file: a built-in section is the `section` export of packages/report/src/task-sections/<name>.ts');
    await expect(builtinSection('../html')).rejects.toThrow('is not a plain lower-case name');
  });
});
