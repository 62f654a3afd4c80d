/**
 * The PyTorch peer of tools/bench (issue 26): every bench that compares with PyTorch names the BLAS its process
 * loaded, and refuses a ratio against netlib's reference BLAS (or a BLAS it cannot name).
 */
import { describe, expect, it } from 'vitest';
import { blasLine, blasRefusal, INSTALL_OPENBLAS } from '../tools/bench/torch-runner.mjs';

const OPENBLAS = {
  library: 'openblas', sgemm: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3', core: 'Cooperlake', threads: 1,
  config: 'OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64',
};
const REFERENCE = { library: 'reference', sgemm: '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0' };

describe('the PyTorch peer of the benches', () => {
  it('names OpenBLAS with its core type and threads, and MKL, and takes ratios against them', () => {
    expect(blasLine(OPENBLAS)).toBe('PyTorch BLAS: OpenBLAS, core Cooperlake, 1 thread(s) (OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64; sgemm from /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3)');
    expect(blasRefusal(OPENBLAS)).toBeUndefined();
    expect(blasLine({ library: 'mkl', sgemm: '/opt/libmkl_rt.so.2' })).toBe('PyTorch BLAS: MKL (sgemm from /opt/libmkl_rt.so.2)');
    expect(blasRefusal({ library: 'mkl' })).toBeUndefined();
  });

  it('refuses reference BLAS and an unknown BLAS, saying why and how to install OpenBLAS', () => {
    expect(blasLine(REFERENCE)).toBe('PyTorch BLAS: netlib reference BLAS (sgemm from /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0)');
    expect(blasRefusal(REFERENCE)).toMatch(/^PyTorch skipped: it loaded netlib's reference BLAS, which no PyTorch user trains on/);
    expect(blasRefusal(REFERENCE)).toContain(INSTALL_OPENBLAS);
    expect(INSTALL_OPENBLAS).toBe('apt-get install libopenblas0-pthread');
    expect(blasRefusal({ library: 'unknown', mapped: [] })).toMatch(/a BLAS it cannot name.*libopenblas0-pthread/);
    expect(blasRefusal({})).toMatch(/cannot name/);
    expect(blasLine({ library: 'unknown', mapped: ['/x/libfoo-blas.so'] })).toContain('/x/libfoo-blas.so');
  });
});
