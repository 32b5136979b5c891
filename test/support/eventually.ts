export interface EventuallyOptions {
  /** How long the assertion may keep failing, in ms. */
  timeout?: number;
  /** Pause between two attempts, in ms. */
  interval?: number;
}

/**
 * Re-runs `assertion` (an `expect(...)` or anything that throws or rejects while the condition
 * does not hold yet) until it passes, and returns what it returned. Once `timeout` has passed it
 * throws the assertion's last failure, so the test reports what was still wrong, not "timed out".
 * The project's only way to wait for something asynchronous; never a fixed sleep for ordering.
 */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  { timeout = 20_000, interval = 50 }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (failure) {
      if (Date.now() >= deadline) throw failure;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
