import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import type { Clock } from "../../tools/ports/clock.ts";
import type { FetchRequest, PageFetcher } from "../../tools/ports/page-fetcher.ts";
import { refusal, type FetchResult, type Refusal } from "./fetch-result.ts";
import { followRedirects } from "./follow-redirects.ts";
import { HostScheduler, type Sleep } from "./host-scheduler.ts";
import { parseAbsoluteUrl } from "./http-url.ts";
import { parseOptions } from "./parse-options.ts";
import { RobotsPolicy } from "./robots-policy.ts";
import { sendRequest, type FetchFunction, type HttpResponse } from "./send-request.ts";

export const DEFAULT_USER_AGENT = "AlphadeskResearchBot/0.1 (+https://github.com/alphadesk)";

const nonNegativeInteger = () => z.number().int().nonnegative();
const positiveInteger = () => z.number().int().positive();

export const PoliteFetcherOptions = z
  .object({
    /** Sent with every request and matched against robots.txt. */
    userAgent: z.string().trim().min(1).default(DEFAULT_USER_AGENT),
    minIntervalMs: nonNegativeInteger().default(1_000),
    perHostConcurrency: positiveInteger().default(1),
    globalConcurrency: positiveInteger().default(4),
    maxBytes: positiveInteger().default(2 * 1024 * 1024),
    /** For each request, from sending it to the last byte of its body. */
    timeoutMs: positiveInteger().default(15_000),
    maxRedirects: nonNegativeInteger().default(5),
    /** RFC 9309 asks crawlers not to trust a robots.txt for longer than a day. */
    robotsCacheMs: positiveInteger().default(24 * 60 * 60 * 1_000),
    robotsRetryMs: positiveInteger().default(10 * 60 * 1_000),
    /**
     * The longest Crawl-delay honoured: a site asking for more between requests is not fetched
     * at all (as Apache Nutch's fetcher.max.crawl.delay does), rather than faster than it asks.
     */
    maxCrawlDelayMs: nonNegativeInteger().default(60_000),
  })
  .strict();
export type PoliteFetcherOptions = z.input<typeof PoliteFetcherOptions>;

export interface FetcherDependencies {
  fetch: FetchFunction;
  clock: Clock;
  sleep: Sleep;
}

export type { FetchRequest } from "../../tools/ports/page-fetcher.ts";

const systemDependencies: FetcherDependencies = {
  fetch: globalThis.fetch,
  clock: { nowMs: () => Date.now() },
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/**
 * Fetches pages and feeds for ingestion as a well-behaved crawler: http(s) only, robots.txt
 * honoured on every hop, requests spaced and bounded per host, conditional requests, and
 * limits on size, time and redirects. Never throws for a bad answer: it returns a refusal.
 */
export class PoliteFetcher implements PageFetcher {
  private readonly options: z.output<typeof PoliteFetcherOptions>;
  private readonly dependencies: FetcherDependencies;
  private readonly scheduler: HostScheduler;
  private readonly robots: RobotsPolicy;
  private readonly headers: Record<string, string>;

  constructor(options: PoliteFetcherOptions = {}, dependencies: Partial<FetcherDependencies> = {}) {
    this.options = parseOptions(PoliteFetcherOptions, options, "PoliteFetcher");
    this.dependencies = { ...systemDependencies, ...dependencies };
    this.scheduler = new HostScheduler(
      this.options,
      this.dependencies.clock,
      this.dependencies.sleep,
    );
    this.headers = {
      "user-agent": this.options.userAgent,
      accept:
        "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
    };
    this.robots = new RobotsPolicy({
      userAgent: this.options.userAgent,
      cacheMs: this.options.robotsCacheMs,
      retryMs: this.options.robotsRetryMs,
      clock: this.dependencies.clock,
      // Not tied to one caller's signal: other requests may be waiting on the same robots.txt.
      fetchRobotsTxt: (robotsUrl) =>
        followRedirects(robotsUrl, {
          maxRedirects: this.options.maxRedirects,
          send: (hop) => this.send(hop, this.headers),
        }),
    });
  }

  async fetch(url: string, request: FetchRequest = {}): Promise<FetchResult> {
    const start = parseAbsoluteUrl(url, "url");
    request.signal?.throwIfAborted();
    // The validators belong to the final URL of the last fetch; redirecting hops ignore them.
    const headers = {
      ...this.headers,
      ...(request.etag ? { "if-none-match": request.etag } : {}),
      ...(request.lastModified ? { "if-modified-since": request.lastModified } : {}),
    };
    const response = await followRedirects(start, {
      maxRedirects: this.options.maxRedirects,
      admit: (hop) => this.admit(hop),
      send: (hop) => this.send(hop, headers, request.signal),
    });
    if (response.status === "refused") return { ...response, url };
    const finalUrl = response.url.href;
    if (response.httpStatus === 304) return { status: "not_modified", url, finalUrl };
    if (response.httpStatus < 200 || response.httpStatus >= 300) {
      const message = `${finalUrl} answered HTTP ${response.httpStatus}`;
      return { ...refusal("http_error", message, response.httpStatus), url };
    }
    return {
      status: "ok",
      url,
      finalUrl,
      body: response.body,
      contentType: response.headers.get("content-type"),
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
    };
  }

  /** robots.txt's verdict on one hop; when allowed, its host is paced to its Crawl-delay. */
  private async admit(url: URL): Promise<Refusal | undefined> {
    const refused = await this.robots.check(url);
    if (refused) return refused;
    const delayMs = await this.robots.crawlDelayMs(url);
    if (delayMs > this.options.maxCrawlDelayMs) {
      return refusal(
        "robots",
        `${url.href} not fetched: ${url.origin}/robots.txt asks for a Crawl-delay of ${delayMs / 1000} s between requests, longer than the ${this.options.maxCrawlDelayMs / 1000} s this fetcher waits at most (maxCrawlDelayMs)`,
      );
    }
    this.scheduler.pace(url.host, delayMs);
    return undefined;
  }

  private send(
    url: URL,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<HttpResponse | Refusal> {
    const { fetch } = this.dependencies;
    return this.scheduler.run(
      url.host,
      () => sendRequest(url, headers, this.options, fetch, signal),
      signal,
    );
  }
}
