#!/usr/bin/env node
// Builds the native fused LSTM kernel (native/src, an N-API addon) with node-gyp, from Node's own headers: nothing
// downloads. It is optional: where node-gyp, the headers or a C++ compiler are missing, or the build fails, it
// says so in one line and exits 0, and training keeps the WebAssembly kernel (src/kernels/native-kernel.ts loads
// the addon when it is there). `npm install` runs it (the root package's prepare script).
//
//   node packages/ml/native/build.mjs [--require]     --require: exit 1 when the addon cannot be built
//   SEQSWEEP_LSTM_NATIVE=0 skips the build (and the addon at run time)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const required = process.argv.includes('--require');

/** node-gyp's entry script: the one npm names to its scripts, else the one bundled with npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath && join(dirname(process.env.npm_execpath), '../node_modules/node-gyp/bin/node-gyp.js'),
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  return candidates.find((p) => p && existsSync(p));
}

/** A folder with Node's headers (include/node/node_api.h): npm's nodedir setting, else beside the node binary. */
function nodeDir() {
  return [process.env.npm_config_nodedir, join(dirname(process.execPath), '..')].find((d) => d && existsSync(join(d, 'include/node/node_api.h')));
}

function skip(reason) {
  console.log(`seqsweep: native fused LSTM kernel not built (${reason}); training uses the WebAssembly kernel`);
  process.exit(required ? 1 : 0);
}

if (process.env.SEQSWEEP_LSTM_NATIVE === '0') skip('SEQSWEEP_LSTM_NATIVE=0');
if (arch() !== 'x64' || platform() === 'win32') skip(`no native kernel for ${platform()}-${arch()}`);
const gyp = nodeGyp();
if (!gyp) skip('node-gyp not found');
const dir = nodeDir();
if (!dir) skip('Node\'s headers (include/node/node_api.h) not found, and nothing is downloaded at install');
const run = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${dir}`], { cwd: HERE, encoding: 'utf8' });
if (run.error || run.status !== 0) {
  const lines = `${run.stderr ?? ''}${run.stdout ?? ''}`.split('\n').filter((l) => /error|not found|No such/i.test(l));
  skip(`node-gyp failed: ${(run.error?.message ?? lines.slice(0, 3).join(' | ')) || `exit ${run.status}`}`);
}
console.log('seqsweep: native fused LSTM kernel built (packages/ml/native/build/Release/seqsweep_lstm.node)');
