import { useEffect, useState } from 'react';
import { useStdout } from 'ink';
import { DEFAULT_ROWS } from './layout.js';

/** The terminal's size. */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

const sizeOf = (stdout: NodeJS.WriteStream): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || DEFAULT_ROWS });

/** The size of Ink's output stream, updated when it is resized. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = (): void => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
