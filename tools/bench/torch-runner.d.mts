/** Types of torch-runner.mjs: running tools/bench/torch_reference.py and judging the BLAS it loaded. */

/** What torch_reference.py reports of the BLAS its process loaded. */
export interface TorchBlas {
  /** openblas, mkl, reference (netlib) or unknown. */
  readonly library?: string;
  /** The library the process's sgemm_ resolves to. */
  readonly sgemm?: string;
  /** Every BLAS or MKL library in /proc/self/maps. */
  readonly mapped?: readonly string[];
  /** OpenBLAS's core type (openblas_get_corename). */
  readonly core?: string;
  readonly config?: string;
  readonly threads?: number;
}

export const TORCH_REFERENCE: string;
export const PYTHON: string;
export const INSTALL_OPENBLAS: string;
export function blasLine(blas: TorchBlas): string;
export function blasRefusal(blas: TorchBlas): string | undefined;
export function torchMissing(log?: (line: string) => void): string | undefined;
export function runTorch(config: Record<string, unknown>): Promise<Record<string, unknown> & { samples_per_s: number; blas: TorchBlas }>;
