/** Teardown for the e2e `worlds` fixtures: browsers and dashboards closed in the reverse order they started. */

/**
 * Runs every close, last started first, even when one fails or hangs; then reports the first
 * failure. Vitest times tests and hooks but not a fixture's teardown, so each close gets its own
 * limit: a browser that never exits fails the test instead of stalling the whole run.
 */
export async function closeInReverse(closers: (() => Promise<void>)[], limitMs = 30_000): Promise<void> {
  const failures: unknown[] = [];
  for (const close of [...closers].reverse()) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`a close did not finish within ${limitMs} ms`)), limitMs);
    });
    await Promise.race([close(), limit])
      .catch((error: unknown) => failures.push(error))
      .finally(() => clearTimeout(timer));
  }
  if (failures.length > 0) throw failures[0];
}
