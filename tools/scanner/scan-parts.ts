import {
  runScanWork,
  splitScanWork,
  type ScanOptions,
  type ScanPart,
  type ScanWork,
} from "../../engine/scanner/index.ts";
import { loadBars } from "../bars/load-bars.ts";
import { AlphadeskError } from "../errors.ts";
import type { JobHandler, Queue } from "../ports/queue.ts";
import type { Store } from "../ports/store.ts";

/** The job that runs one share of a scan on a worker. */
export const scanPartJobName = "scan-part";

export interface ScanPartData {
  work: ScanWork;
  options: ScanOptions;
}

/** Shares per worker: more than one, so a slow share does not leave the other workers idle. */
const sharesPerWorker = 4;

/** A worker's handler: loads the bars its share names and runs it. */
export function scanPartJob(store: Store): JobHandler<ScanPartData, ScanPart> {
  return async ({ work, options }, job) => {
    const symbols = [...new Set([...work.singles, ...work.pairs.flat(), ...work.leadLag.flat()])];
    const bars = await loadBars(store, symbols, "1d", null);
    if (job.signal.aborted) throw new AlphadeskError("cancelled", "scan part cancelled", "user");
    return runScanWork(bars, work, options, (fraction) => job.progress(fraction));
  };
}

/**
 * Runs the work as shares on the queue's workers and returns every share's part, for one merged
 * correction. A failed share fails the scan (its tests would be missing from the correction);
 * cancelling the scan, or a failure, cancels the shares still running.
 */
export async function scanOnWorkers(
  queue: Queue,
  workers: number,
  work: ScanWork,
  options: ScanOptions,
  progress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<ScanPart[]> {
  const shares = splitScanWork(work, workers * sharesPerWorker);
  const ids = await Promise.all(
    shares.map((share) =>
      queue.enqueue(scanPartJobName, { work: share, options }, { attempts: 2 }),
    ),
  );
  const fractions = new Float64Array(ids.length);
  // Best effort: a share that cannot be cancelled runs out, and its result is not waited for.
  const cancelAll = () => Promise.allSettled(ids.map((id) => queue.cancel(id)));
  // Cancelling ends the scan at once, whether or not every share could be cancelled.
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      void cancelAll();
      reject(new Error("the scan was cancelled"));
    };
  });
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    const parts = Promise.all(
      ids.map(async (id, k) => {
        const report = (fraction: number) => {
          fractions[k] = fraction;
          progress(fractions.reduce((sum, f) => sum + f, 0) / ids.length);
        };
        const part = await queue.result<ScanPart>(id, report);
        // A share can finish before its progress events reach us: its result is the last word.
        report(1);
        return part;
      }),
    );
    return await Promise.race([parts, aborted]);
  } catch (error) {
    await cancelAll();
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
