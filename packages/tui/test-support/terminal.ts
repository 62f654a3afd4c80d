/** A fake terminal for Ink: an output stream of a chosen size that keeps every frame, and an input stream in raw mode. */
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';

export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly frames: string[] = [];
  constructor(public columns: number, public rows: number) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
  /** The latest frame without colours. */
  lastFrame = (): string => stripVTControlCharacters(this.frames.at(-1) ?? '');
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
  asStream(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }
}

export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  #chunks: string[] = [];
  /** Types keys, as a terminal in raw mode sends them. */
  press(data: string): void {
    this.#chunks.push(data);
    this.emit('readable');
  }
  read = (): string | null => this.#chunks.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  asStream(): NodeJS.ReadStream {
    return this as unknown as NodeJS.ReadStream;
  }
}

/** Keys as raw-mode bytes. */
export const KEY = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', enter: '\r', escape: '\u001B', tab: '\t' } as const;
