/**
 * Waits until `probe` returns something truthy and returns it; fails naming `what` after
 * `timeoutMs`. For things that happen asynchronously (a stream's events, a broker's fills).
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  what = "the condition",
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
