/** The built-in tasks, registered like users' modules. A new task is one loader file and one line here. */
import { MNIST_TASK, NOOP_TASK, SERIES_TASK, SP500_TASK, TOY_TASK } from '@seqsweep/core';
import { defineTask } from '../define.js';
import { loadMnist } from './mnist.js';
import { loadNoop } from './noop.js';
import { loadSeries } from './series.js';
import { loadSp500 } from './sp500.js';
import { loadToy } from './toy.js';

export const BUILTIN_TASK_MODULES = [
  defineTask({ ...TOY_TASK, load: ({ options, seed }) => loadToy(options, seed) }),
  defineTask({ ...MNIST_TASK, load: ({ options, seed, packageRoot }) => loadMnist(options, seed, packageRoot) }),
  defineTask({ ...SP500_TASK, load: ({ options, packageRoot }) => loadSp500(options, packageRoot) }),
  defineTask({ ...SERIES_TASK, load: ({ options }) => loadSeries(options) }),
  defineTask({ ...NOOP_TASK, load: () => loadNoop() }),
] as const;
