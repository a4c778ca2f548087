import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FakeResearchSite,
  fixtureLastModified,
  redirectChainOf,
  researchPaths,
  statusPath,
} from "../../test/fakes/research-server.ts";
import { AlphadeskError } from "../../tools/errors.ts";
import type { FetchResult } from "./fetch-result.ts";
import {
  DEFAULT_USER_AGENT,
  PoliteFetcher,
  type FetcherDependencies,
  type PoliteFetcherOptions,
} from "./polite-fetcher.ts";

/** Tests run without the one-second politeness interval unless they are about it. */
const quick = (
  options: PoliteFetcherOptions = {},
  dependencies: Partial<FetcherDependencies> = {},
) => new PoliteFetcher({ minIntervalMs: 0, ...options }, dependencies);

function expectRefused(result: FetchResult, reason: string, messagePart: string) {
  expect(result).toMatchObject({ status: "refused", reason });
  if (result.status === "refused") expect(result.message).toContain(messagePart);
}

/** A manual clock for the robots.txt cache. */
function manualClock() {
  let nowMs = 0;
  return { nowMs: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

let site: FakeResearchSite;
beforeAll(async () => {
  site = await new FakeResearchSite({ slowMs: 20_000, hugeBytes: 512 * 1024 }).start();
});
afterAll(() => site.close());

describe("PoliteFetcher on the fixture site", () => {
  it("fetches a page with its validators and identifies itself by its user agent", async () => {
    const result = await quick().fetch(site.url(researchPaths.article));
    expect(result).toMatchObject({
      status: "ok",
      url: site.url(researchPaths.article),
      finalUrl: site.url(researchPaths.article),
      contentType: "text/html; charset=utf-8",
      lastModified: fixtureLastModified,
    });
    if (result.status !== "ok") return;
    expect(result.body).toContain("Fed holds rates steady");
    expect(result.etag).toMatch(/^"[0-9a-f]{16}"$/);
    const last = site.requestLog.at(-1)!;
    expect(last.headers["user-agent"]).toBe(DEFAULT_USER_AGENT);
  });

  it("answers not_modified to a matching ETag or Last-Modified, and ok to a stale one", async () => {
    const fetcher = quick();
    const url = site.url(researchPaths.rssFeed);
    const first = await fetcher.fetch(url);
    if (first.status !== "ok") throw new Error(`expected ok, got ${JSON.stringify(first)}`);
    expect(await fetcher.fetch(url, { etag: first.etag })).toEqual({
      status: "not_modified",
      url,
      finalUrl: url,
    });
    expect(await fetcher.fetch(url, { lastModified: first.lastModified })).toMatchObject({
      status: "not_modified",
    });
    const stale = await fetcher.fetch(url, { etag: '"stale"', lastModified: first.lastModified });
    expect(stale).toMatchObject({ status: "ok", etag: first.etag });
    const sent = site.requestLog.filter((request) => request.path === researchPaths.rssFeed);
    expect(sent.at(-1)!.headers["if-none-match"]).toBe('"stale"');
  });

  describe("robots.txt", () => {
    it("refuses a disallowed path without ever requesting it, and allows a longer Allow rule", async () => {
      const fetcher = quick();
      expectRefused(
        await fetcher.fetch(site.url(researchPaths.disallowed)),
        "robots",
        `${researchPaths.disallowed} is disallowed for ${DEFAULT_USER_AGENT}`,
      );
      expectRefused(
        await fetcher.fetch(site.url(researchPaths.redirectToDisallowed)),
        "robots",
        researchPaths.disallowed,
      );
      expect(site.requests(researchPaths.disallowed)).toBe(0);
      expect(await fetcher.fetch(site.url(researchPaths.allowedInsideDisallowed))).toMatchObject({
        status: "ok",
      });
    });

    it("matches robots.txt groups by the configured user agent", async () => {
      const excluded = quick({ userAgent: "ExcludedBot/2.0 (+https://example.com/bot)" });
      const before = site.requests(researchPaths.graphArticle);
      expectRefused(
        await excluded.fetch(site.url(researchPaths.graphArticle)),
        "robots",
        "disallowed for ExcludedBot/2.0",
      );
      expect(site.requests(researchPaths.graphArticle)).toBe(before);
      const robotsRequest = site.requestLog.findLast((request) => request.path === "/robots.txt");
      expect(robotsRequest?.headers["user-agent"]).toBe(
        "ExcludedBot/2.0 (+https://example.com/bot)",
      );
    });

    it("reads robots.txt once per origin, shared by concurrent fetches, until the cache expires", async () => {
      const own = await new FakeResearchSite().start();
      try {
        const clock = manualClock();
        const fetcher = quick({ robotsCacheMs: 60_000 }, { clock });
        const paths = [researchPaths.article, researchPaths.rssFeed, researchPaths.atomFeed];
        await Promise.all(paths.map((path) => fetcher.fetch(own.url(path))));
        expect(own.requests("/robots.txt")).toBe(1);
        clock.advance(59_999);
        await fetcher.fetch(own.url(researchPaths.article));
        expect(own.requests("/robots.txt")).toBe(1);
        clock.advance(1);
        await fetcher.fetch(own.url(researchPaths.article));
        expect(own.requests("/robots.txt")).toBe(2);
      } finally {
        await own.close();
      }
    });

    it("allows everything when robots.txt is missing (404)", async () => {
      const open = await new FakeResearchSite({ robots: "missing" }).start();
      try {
        const result = await quick().fetch(open.url(researchPaths.disallowed));
        expect(result).toMatchObject({ status: "ok" });
      } finally {
        await open.close();
      }
    });

    it("fetches nothing while robots.txt fails (5xx), and asks again after robotsRetryMs", async () => {
      const failing = await new FakeResearchSite({ robots: "failing" }).start();
      try {
        const clock = manualClock();
        const fetcher = quick({ robotsRetryMs: 5_000 }, { clock });
        const result = await fetcher.fetch(failing.url(researchPaths.article));
        expectRefused(result, "robots_unavailable", "robots.txt answered 503");
        expect(result).toMatchObject({ retryable: true });
        await fetcher.fetch(failing.url(researchPaths.article));
        expect(failing.requests(researchPaths.article)).toBe(0);
        expect(failing.requests("/robots.txt")).toBe(1);
        clock.advance(5_000);
        await fetcher.fetch(failing.url(researchPaths.article));
        expect(failing.requests("/robots.txt")).toBe(2);
      } finally {
        await failing.close();
      }
    });

    it("treats an unreachable host's robots.txt as unavailable", async () => {
      const result = await quick().fetch(`http://127.0.0.1:${await closedPort()}/page.html`);
      expectRefused(result, "robots_unavailable", "/robots.txt could not be fetched");
      expect(result).toMatchObject({ retryable: true });
    });
  });

  describe("refusals", () => {
    it("refuses schemes other than http(s) without any request", async () => {
      const fetcher = quick({}, { fetch: () => Promise.reject(new Error("no request expected")) });
      for (const url of [
        "ftp://files.example.com/report.pdf",
        "file:///etc/passwd",
        "javascript:alert(1)",
      ]) {
        expectRefused(await fetcher.fetch(url), "scheme", `${url}: only http: and https:`);
      }
    });

    it("refuses a redirect to a non-http scheme", async () => {
      expectRefused(
        await quick().fetch(site.url(researchPaths.redirectToFtp)),
        "scheme",
        "redirects to ftp://files.example.com/report.pdf",
      );
    });

    it("follows a bounded chain of redirects, and refuses a longer one or a loop", async () => {
      const fetcher = quick({ maxRedirects: 3 });
      expect(await fetcher.fetch(site.url(redirectChainOf(3)))).toMatchObject({
        status: "ok",
        url: site.url(redirectChainOf(3)),
        finalUrl: site.url(researchPaths.article),
      });
      const before = site.requests(researchPaths.article);
      expectRefused(
        await fetcher.fetch(site.url(redirectChainOf(4))),
        "too_many_redirects",
        "redirects more than 3 times",
      );
      expect(site.requests(researchPaths.article)).toBe(before);
      expectRefused(
        await fetcher.fetch(site.url(researchPaths.redirectLoop)),
        "too_many_redirects",
        "redirects in a loop",
      );
    });

    it("refuses a redirect without a Location header", async () => {
      expectRefused(
        await quick().fetch(site.url(researchPaths.redirectWithoutLocation)),
        "http_error",
        "answered 302 without a usable Location header",
      );
    });

    it("refuses an error status, retryable only for server trouble", async () => {
      const fetcher = quick();
      const missing = await fetcher.fetch(site.url(statusPath(404)));
      expectRefused(missing, "http_error", `${statusPath(404)} answered HTTP 404`);
      expect(missing).toMatchObject({ httpStatus: 404, retryable: false });
      expect(await fetcher.fetch(site.url(statusPath(503)))).toMatchObject({
        reason: "http_error",
        httpStatus: 503,
        retryable: true,
      });
    });

    it("refuses a body over maxBytes, declared by Content-Length or found while streaming", async () => {
      const fetcher = quick({ maxBytes: 100_000 });
      expectRefused(
        await fetcher.fetch(site.url(researchPaths.huge)),
        "too_large",
        "larger than the limit of 100000 bytes (Content-Length: 524288)",
      );
      expectRefused(
        await fetcher.fetch(site.url(researchPaths.hugeChunked)),
        "too_large",
        "larger than the limit of 100000 bytes (reading stopped at the limit)",
      );
      expect(await quick().fetch(site.url(researchPaths.hugeChunked))).toMatchObject({
        status: "ok",
      });
    });

    it("refuses an answer whose body does not finish within timeoutMs", async () => {
      const result = await quick({ timeoutMs: 300 }).fetch(site.url(researchPaths.slow));
      expectRefused(result, "timeout", "did not finish within 300 ms");
      expect(result).toMatchObject({ retryable: true });
    });

    it("refuses a connection closed without an answer as a network failure", async () => {
      expectRefused(
        await quick().fetch(site.url(researchPaths.connectionReset)),
        "network",
        `${researchPaths.connectionReset} could not be fetched`,
      );
    });
  });

  it("rejects when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const fetching = quick().fetch(site.url(researchPaths.slow), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stopped by the user")), 100);
    await expect(fetching).rejects.toThrow("stopped by the user");
  });

  it("spaces requests to one host by minIntervalMs, one at a time", async () => {
    let nowMs = 0;
    let running = 0;
    let mostRunning = 0;
    const sentAtMs: number[] = [];
    const fetcher = new PoliteFetcher(
      { minIntervalMs: 1_000 },
      {
        clock: { nowMs: () => nowMs },
        // Sleeping moves the clock instantly: spacing is checked exactly, at no cost in time.
        sleep: async (ms) => void (nowMs += ms),
        fetch: async (input, init) => {
          sentAtMs.push(nowMs);
          mostRunning = Math.max(mostRunning, ++running);
          try {
            return await fetch(input, init);
          } finally {
            running--;
          }
        },
      },
    );
    const paths = [researchPaths.article, researchPaths.rssFeed, researchPaths.atomFeed];
    const results = await Promise.all(paths.map((path) => fetcher.fetch(site.url(path))));
    expect(results.map((result) => result.status)).toEqual(["ok", "ok", "ok"]);
    // robots.txt first, then the three pages.
    expect(sentAtMs).toEqual([0, 1_000, 2_000, 3_000]);
    expect(mostRunning).toBe(1);
  });

  describe("robots.txt's Crawl-delay", () => {
    /** A fetcher whose sleeps move its clock, recording when each request was sent. */
    function timedFetcher(options: PoliteFetcherOptions = {}) {
      let nowMs = 0;
      const sent: [string, number][] = [];
      const fetcher = new PoliteFetcher(
        { minIntervalMs: 1_000, ...options },
        {
          clock: { nowMs: () => nowMs },
          sleep: async (ms) => void (nowMs += ms),
          fetch: (input, init) => {
            sent.push([new URL(String(input)).pathname, nowMs]);
            return fetch(input, init);
          },
        },
      );
      return { fetcher, sent };
    }

    it("spaces requests to the site by its Crawl-delay, counted from robots.txt itself", async () => {
      const slow = await new FakeResearchSite({ crawlDelaySeconds: 7 }).start();
      try {
        const { fetcher, sent } = timedFetcher();
        for (const path of [researchPaths.article, researchPaths.rssFeed]) {
          expect(await fetcher.fetch(slow.url(path))).toMatchObject({ status: "ok" });
        }
        expect(sent).toEqual([
          ["/robots.txt", 0],
          [researchPaths.article, 7_000],
          [researchPaths.rssFeed, 14_000],
        ]);
      } finally {
        await slow.close();
      }
    });

    it("does not fetch a site asking for more than maxCrawlDelayMs, and says why", async () => {
      const slow = await new FakeResearchSite({ crawlDelaySeconds: 3_600 }).start();
      try {
        const { fetcher } = timedFetcher({ maxCrawlDelayMs: 120_000 });
        const result = await fetcher.fetch(slow.url(researchPaths.article));
        expectRefused(
          result,
          "robots",
          "robots.txt asks for a Crawl-delay of 3600 s between requests, longer than the 120 s this fetcher waits at most (maxCrawlDelayMs)",
        );
        expect(result).toMatchObject({ retryable: false });
        expect(slow.requests(researchPaths.article)).toBe(0);
      } finally {
        await slow.close();
      }
    });
  });

  describe("bad input", () => {
    it("names the option and the value that are wrong", () => {
      const attempt = () => new PoliteFetcher({ maxBytes: -1, minIntervalMs: 1.5 });
      expect(attempt).toThrow(AlphadeskError);
      expect(attempt).toThrow(/`maxBytes`: .*\(was -1\)/);
      expect(attempt).toThrow(/`minIntervalMs`: .*\(was 1.5\)/);
      expect(() => new PoliteFetcher({ userAgent: " " })).toThrow(/`userAgent`/);
      expect(() => new PoliteFetcher({ maxCrawlDelayMs: -5 })).toThrow(/`maxCrawlDelayMs`/);
      expect(() => new PoliteFetcher({ retries: 3 } as PoliteFetcherOptions)).toThrow(/retries/);
    });

    it("throws invalid_input for a string that is not a URL", async () => {
      await expect(quick().fetch("not a url")).rejects.toMatchObject({
        code: "invalid_input",
        message: '`url` must be an absolute URL (was "not a url")',
      });
    });
  });
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
