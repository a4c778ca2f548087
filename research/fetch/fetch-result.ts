import type { Refusal, RefusalReason } from "../../tools/ports/page-fetcher.ts";

// The result types are the PageFetcher port's, so tools can take a fetcher without importing research/.
export { RefusalReason } from "../../tools/ports/page-fetcher.ts";
export type {
  FetchedDocument,
  FetchResult,
  NotModified,
  Refusal,
} from "../../tools/ports/page-fetcher.ts";

const alwaysRetryable: ReadonlySet<RefusalReason> = new Set([
  "robots_unavailable",
  "timeout",
  "network",
]);

export function refusal(reason: RefusalReason, message: string, httpStatus?: number): Refusal {
  const serverTrouble = httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429);
  return {
    status: "refused",
    reason,
    message,
    retryable: alwaysRetryable.has(reason) || serverTrouble,
    ...(httpStatus === undefined ? {} : { httpStatus }),
  };
}
