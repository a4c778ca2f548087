/** Why a fetch was refused; the caller decides from it whether to retry later. */
export const RefusalReason = {
  scheme: "scheme",
  robots: "robots",
  robots_unavailable: "robots_unavailable",
  too_large: "too_large",
  timeout: "timeout",
  too_many_redirects: "too_many_redirects",
  http_error: "http_error",
  network: "network",
} as const;
export type RefusalReason = keyof typeof RefusalReason;

export interface Refusal {
  status: "refused";
  reason: RefusalReason;
  /** Names the URL and what is wrong with it. */
  message: string;
  /** True when the same request may succeed later (a timeout, a 503, robots.txt unreachable). */
  retryable: boolean;
  httpStatus?: number;
}

export interface FetchedDocument {
  status: "ok";
  /** The URL asked for. */
  url: string;
  /** Where the document was found after redirects. */
  finalUrl: string;
  body: string;
  contentType: string | null;
  /** Validators to send back next time for a conditional request. */
  etag: string | null;
  lastModified: string | null;
}

export interface NotModified {
  status: "not_modified";
  url: string;
  finalUrl: string;
}

export type FetchResult = FetchedDocument | NotModified | (Refusal & { url: string });

export interface FetchRequest {
  /** Validators from the previous fetch of this URL: a 304 answer becomes `not_modified`. */
  etag?: string | null;
  lastModified?: string | null;
  /** Cancels the fetch: it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Fetches feeds and pages from the web as a well-behaved crawler (research/fetch/polite-fetcher.ts):
 * robots.txt, per-host spacing, conditional requests, size and time limits. One per process, so
 * its robots cache and rate limits span every caller. Answers a refusal rather than throwing for
 * a bad answer; the body it returns is untrusted data, never instructions.
 */
export interface PageFetcher {
  fetch(url: string, request?: FetchRequest): Promise<FetchResult>;
}
