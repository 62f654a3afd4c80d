import { PassThrough, Writable } from 'node:stream';
import { createElement } from 'react';
import { render } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { SweepStore } from './store.js';
import { SweepApp } from './SweepApp.js';
import { waitForOptions } from '@seqsweep/core/testing';

describe('SweepApp with a terminal for output but not for input', () => {
  it('keeps drawing (it takes no keys, and never asks for raw mode)', async () => {
    const store = new SweepStore('s1', { frameMs: 10 });
    const writes: string[] = [];
    const stdout = Object.assign(new Writable({ write(chunk, _enc, cb) { writes.push(String(chunk)); cb(); } }), { isTTY: true, columns: 100, rows: 30 });
    const stdin = new PassThrough();
    const app = render(createElement(SweepApp, { store }), { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false, debug: true });
    for (let i = 1; i <= 3; i++) {
      store.push({ kind: 'progress', progress: { sweepId: 's1', trialId: `t-${i}`, pointId: 'p-1', stage: 'filter', worker: `w-${i}`, epoch: i, epochs: 5, loss: 1 / i, ts: Date.now() } });
      await vi.waitFor(() => expect(writes.join('')).toContain(`w-${i}`), waitForOptions());
    }
    expect(writes.join('')).not.toMatch(/Raw mode is not supported/);
    app.unmount();
  });
});
