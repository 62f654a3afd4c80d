/** Trial publishes kept in flight at once. */
export const PUBLISH_WINDOW = 64;

/** Runs `task` over `items`, at most `size` at a time, in order of start. */
export async function inWindows<T>(items: readonly T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
}
