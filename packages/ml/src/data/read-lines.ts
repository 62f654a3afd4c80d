/** Splitting a stream of bytes into text lines, with 1-based line numbers for error messages. */
import { StringDecoder } from 'node:string_decoder';

/**
 * Calls `onLine` with each line of the UTF-8 text in `chunks` (without its `\n` or `\r\n`) and its 1-based
 * number, and resolves to the number of lines. A final line without a newline counts; an empty last line
 * after a trailing newline does not. A thrown error in `onLine` stops the reading and propagates.
 */
export async function forEachLine(chunks: AsyncIterable<Buffer>, onLine: (line: string, lineNumber: number) => void): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNumber = 0;
  const emit = (line: string): void => {
    lineNumber++;
    onLine(line.endsWith('\r') ? line.slice(0, -1) : line, lineNumber);
  };
  for await (const chunk of chunks) {
    const text = carry + decoder.write(chunk);
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end !== -1) {
      emit(text.slice(start, end));
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  }
  carry += decoder.end();
  if (carry.length > 0) emit(carry);
  return lineNumber;
}
