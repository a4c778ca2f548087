import { refusal, type Refusal } from "./fetch-result.ts";

export type FetchFunction = typeof globalThis.fetch;

export interface HttpResponse {
  status: "response";
  url: URL;
  httpStatus: number;
  headers: Headers;
  /** The decoded body of a 2xx answer; other answers' bodies are not read. */
  body: string;
}

export interface RequestLimits {
  /** From sending the request to the last byte of its body. */
  timeoutMs: number;
  /** Of the decoded body, so a small compressed answer cannot unpack into a huge one. */
  maxBytes: number;
}

/**
 * One GET that does not follow redirects, bounded in time and size. A bad answer is a refusal;
 * it throws only when the caller's `signal` aborts.
 */
export async function sendRequest(
  url: URL,
  headers: Record<string, string>,
  limits: RequestLimits,
  fetchFunction: FetchFunction,
  signal?: AbortSignal,
): Promise<HttpResponse | Refusal> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetchFunction(url, {
      headers,
      redirect: "manual",
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const answer = {
      status: "response",
      url,
      httpStatus: response.status,
      headers: response.headers,
    } as const;
    if (!response.ok) {
      await response.body?.cancel();
      return { ...answer, body: "" };
    }
    const declaredBytes = Number(response.headers.get("content-length") ?? 0);
    if (declaredBytes > limits.maxBytes) {
      await response.body?.cancel();
      return tooLarge(url, limits.maxBytes, `Content-Length: ${declaredBytes}`);
    }
    const bytes = await readAtMost(response.body, limits.maxBytes);
    if (!bytes) return tooLarge(url, limits.maxBytes, "reading stopped at the limit");
    return { ...answer, body: decode(bytes, response.headers.get("content-type")) };
  } catch (error) {
    signal?.throwIfAborted();
    if (timeout.aborted) {
      return refusal("timeout", `${url.href} did not finish within ${limits.timeoutMs} ms`);
    }
    return refusal("network", `${url.href} could not be fetched: ${describe(error)}`);
  }
}

/** The whole body, or null as soon as it grows past `maxBytes` (the rest is never downloaded). */
async function readAtMost(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let totalBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, totalBytes);
    totalBytes += value.byteLength;
    if (totalBytes > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

const tooLarge = (url: URL, maxBytes: number, detail: string): Refusal =>
  refusal("too_large", `${url.href} is larger than the limit of ${maxBytes} bytes (${detail})`);

function decode(bytes: Uint8Array, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? "")?.[1] ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 is the likeliest truth on the web.
    return new TextDecoder().decode(bytes);
  }
}

function describe(error: unknown): string {
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED ...) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
