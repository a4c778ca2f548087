import type { z } from "zod";
import { AlphadeskError } from "../../errors.ts";

export interface PolygonOptions {
  apiKey: string;
  baseUrl?: string;
  /** The free tier allows 5 requests a minute. */
  requestsPerMinute?: number;
  /** Attempts per request on 429, 5xx and network errors. */
  maxAttempts?: number;
  /** First backoff; doubles each retry (a Retry-After header wins). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const minuteMs = 60_000;

/**
 * Polygon.io REST: authenticated GETs under a per-provider rate limit, retried with backoff on
 * 429, 5xx and network errors, validated against the vendor schema, paginated by `next_url`.
 */
export class PolygonApi {
  private readonly baseUrl: string;
  private readonly requestsPerMinute: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly recent: number[] = [];
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly options: PolygonOptions) {
    this.baseUrl = (options.baseUrl ?? "https://api.polygon.io").replace(/\/$/, "");
    this.requestsPerMinute = options.requestsPerMinute ?? 5;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 2_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** Every page of a paginated listing, starting at `path` (with its query). */
  async *pages<Schema extends z.ZodType<{ next_url?: string | undefined }>>(
    path: string,
    schema: Schema,
  ): AsyncGenerator<z.output<Schema>> {
    let url: string | undefined = `${this.baseUrl}${path}`;
    while (url) {
      const page: z.output<Schema> = await this.get(url, schema);
      yield page;
      url = page.next_url;
    }
  }

  private async get<Schema extends z.ZodType>(
    url: string,
    schema: Schema,
  ): Promise<z.output<Schema>> {
    const address = new URL(url);
    address.searchParams.set("apiKey", this.options.apiKey);
    for (let attempt = 1; ; attempt++) {
      await this.waitForSlot();
      let response: Response;
      try {
        response = await fetch(address, {
          headers: { accept: "application/json" },
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        if (attempt >= this.maxAttempts) throw unavailable(`${(error as Error).message}`);
        await this.sleep(this.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel();
        if (attempt >= this.maxAttempts)
          throw unavailable(`HTTP ${response.status} after ${attempt} attempts`);
        const retryAfterSeconds = Number(response.headers.get("retry-after"));
        await this.sleep(
          retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : this.backoffMs * 2 ** (attempt - 1),
        );
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new AlphadeskError(
          "provider_auth",
          "Polygon refused the API key: check POLYGON_API_KEY",
          "user",
        );
      }
      const text = await response.text();
      if (!response.ok) {
        throw new AlphadeskError(
          "provider_error",
          `Polygon answered HTTP ${response.status}: ${text.slice(0, 300)}`,
          "user",
        );
      }
      const parsed = schema.safeParse(safeJson(text));
      if (!parsed.success) {
        throw new AlphadeskError(
          "provider_error",
          `Polygon sent a response we do not understand: ${parsed.error.message.slice(0, 300)}`,
          "retryable",
        );
      }
      return parsed.data;
    }
  }

  /** At most `requestsPerMinute` requests in any sliding minute, one caller at a time. */
  private waitForSlot(): Promise<void> {
    const next = this.turn.then(async () => {
      for (;;) {
        const now = this.now();
        while (this.recent.length > 0 && now - this.recent[0]! >= minuteMs) this.recent.shift();
        if (this.recent.length < this.requestsPerMinute) {
          this.recent.push(now);
          return;
        }
        await this.sleep(minuteMs - (now - this.recent[0]!));
      }
    });
    this.turn = next.catch(() => undefined);
    return next;
  }
}

function unavailable(detail: string): AlphadeskError {
  return new AlphadeskError(
    "provider_unavailable",
    `Polygon is not answering (${detail}); try again later`,
    "retryable",
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
