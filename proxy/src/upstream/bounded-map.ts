/**
 * Maps `items` through `work`, at most `limit` at a time, and answers in the order of `items`. The first
 * failure aborts the signal handed to the work still running and starts nothing more: one caller's batch
 * must not keep a burst of upstream calls going for an answer nobody will read.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, signal: AbortSignal) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const failed = new AbortController();
  const shared = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
  const results = new Array<R>(items.length);
  let next = 0;
  let firstFailure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !shared.aborted) {
      const index = next++;
      results[index] = await work(items[index]!, shared);
    }
  };
  const workers = Array.from({ length: Math.min(limit, items.length) }, () =>
    worker().catch((error: unknown) => {
      // The work that failed first says why; the work it aborted would only say "aborted".
      firstFailure ??= { error };
      failed.abort();
    }),
  );
  // Every worker has stopped before the batch answers, so nothing it started outlives it.
  await Promise.all(workers);
  if (firstFailure) throw firstFailure.error;
  signal?.throwIfAborted();
  return results;
}
