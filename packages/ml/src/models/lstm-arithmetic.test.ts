import { afterEach, describe, expect, it } from 'vitest';
import { nativeLstmAddon } from '../kernels/native-kernel.js';
import { defaultLstmKernel, setDefaultLstmKernel } from '../kernels/lstm-workspace.js';
import { lstmArithmeticTag } from './lstm-implementation.js';

describe('lstmArithmeticTag', () => {
  const before = defaultLstmKernel();
  afterEach(() => setDefaultLstmKernel(before));

  it('names the kernel a process sets, and the layers implementation', () => {
    setDefaultLstmKernel('wasm');
    expect(lstmArithmeticTag('fused')).toBe('fused wasm');
    setDefaultLstmKernel('js');
    expect(lstmArithmeticTag('fused')).toBe('fused js');
    expect(lstmArithmeticTag('layers')).toBe('tfjs-layers');
  });

  it('tells the native kernel\'s two arithmetics apart, as createLstmKernel picks them', () => {
    const loaded = nativeLstmAddon();
    setDefaultLstmKernel('native-exact');
    expect(lstmArithmeticTag('fused')).toBe('fused native exact');
    setDefaultLstmKernel('native');
    expect(lstmArithmeticTag('fused')).toBe(loaded.addon !== null && loaded.fma ? 'fused native FMA' : 'fused native exact');
    setDefaultLstmKernel('auto');
    // auto: the native kernel where the addon loads (FMA where the CPU has it, unless SEQSWEEP_LSTM_EXACT=1), else wasm.
    const expected = loaded.addon === null ? 'fused wasm' : loaded.arithmetic === 'fma' ? 'fused native FMA' : 'fused native exact';
    expect(lstmArithmeticTag('fused')).toBe(expected);
  });
});
