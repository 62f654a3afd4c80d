// Registers a resolve hook that appends every module the process imports (and who imported it) to the file
// SEQSWEEP_IMPORT_LOG names, one JSON line each. Used by src/lazy-load.test.ts through `node --import`.
import { register } from 'node:module';

register(new URL('./record-imports-hooks.mjs', import.meta.url), { data: { log: process.env.SEQSWEEP_IMPORT_LOG } });
