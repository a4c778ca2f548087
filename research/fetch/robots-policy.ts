import robotsParserModule from "robots-parser";
import type { Clock } from "../../tools/ports/clock.ts";
import { refusal, type Refusal } from "./fetch-result.ts";
import type { HttpResponse } from "./send-request.ts";

// Its types declare an ES default export; under NodeNext the default import is the CommonJS function.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;
type RobotsRules = ReturnType<typeof robotsParser>;

type RobotsVerdict =
  | { kind: "rules"; rules: RobotsRules }
  | { kind: "allow_all" }
  | { kind: "unavailable"; problem: string };

interface CacheEntry {
  expiresAtMs: number;
  verdict: Promise<RobotsVerdict>;
}

export interface RobotsPolicyOptions {
  /** Matched against robots.txt's User-agent lines (robots-parser drops the version and comment). */
  userAgent: string;
  /** How long a robots.txt that was read (or found missing) is trusted. */
  cacheMs: number;
  /** How long an unreadable robots.txt keeps its site closed before it is asked for again. */
  retryMs: number;
  clock: Clock;
  /** Fetches robots.txt, redirects followed, through the same polite path as any request. */
  fetchRobotsTxt(url: URL): Promise<HttpResponse | Refusal>;
}

/** Whether robots.txt lets us fetch a URL; each origin's robots.txt is fetched once per `cacheMs`. */
export class RobotsPolicy {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly options: RobotsPolicyOptions) {}

  /** Undefined when `url` may be fetched, else why not. */
  async check(url: URL): Promise<Refusal | undefined> {
    const verdict = await this.verdictFor(url.origin);
    if (verdict.kind === "unavailable") {
      return refusal(
        "robots_unavailable",
        `${url.href} not fetched: robots.txt of ${url.origin} could not be read (${verdict.problem}); try later`,
      );
    }
    if (
      verdict.kind === "rules" &&
      verdict.rules.isAllowed(url.href, this.options.userAgent) === false
    ) {
      return refusal(
        "robots",
        `${url.href} is disallowed for ${this.options.userAgent} by ${url.origin}/robots.txt`,
      );
    }
    return undefined;
  }

  /** The pause robots.txt asks for between requests (its Crawl-delay for our user agent), 0 without one. */
  async crawlDelayMs(url: URL): Promise<number> {
    const verdict = await this.verdictFor(url.origin);
    const seconds =
      verdict.kind === "rules" ? verdict.rules.getCrawlDelay(this.options.userAgent) : 0;
    return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
  }

  private verdictFor(origin: string): Promise<RobotsVerdict> {
    const cached = this.cache.get(origin);
    if (cached && cached.expiresAtMs > this.options.clock.nowMs()) return cached.verdict;
    // The pending promise is cached too, so concurrent requests share one fetch of robots.txt.
    const entry = { expiresAtMs: Number.POSITIVE_INFINITY, verdict: this.load(origin) };
    this.cache.set(origin, entry);
    void entry.verdict.then(
      (verdict) => {
        const keepMs = verdict.kind === "unavailable" ? this.options.retryMs : this.options.cacheMs;
        entry.expiresAtMs = this.options.clock.nowMs() + keepMs;
      },
      () => this.cache.delete(origin),
    );
    return entry.verdict;
  }

  private async load(origin: string): Promise<RobotsVerdict> {
    const robotsUrl = new URL("/robots.txt", origin);
    const response = await this.options.fetchRobotsTxt(robotsUrl);
    if (response.status === "refused") return { kind: "unavailable", problem: response.message };
    const { httpStatus } = response;
    if (httpStatus >= 200 && httpStatus < 300) {
      // Parsed against the origin's robots.txt URL even after a redirect: these are its rules.
      return { kind: "rules", rules: robotsParser(robotsUrl.href, response.body) };
    }
    // RFC 9309 2.3.1.3: a 4xx answer means no rules apply. 429 is "slow down", not "no rules".
    if (httpStatus >= 400 && httpStatus < 500 && httpStatus !== 429) return { kind: "allow_all" };
    return { kind: "unavailable", problem: `${robotsUrl.href} answered ${httpStatus}` };
  }
}
