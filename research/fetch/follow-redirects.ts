import { refusal, type Refusal } from "./fetch-result.ts";
import { isHttpUrl, resolveUrl } from "./http-url.ts";
import type { HttpResponse } from "./send-request.ts";

const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface RedirectPolicy {
  maxRedirects: number;
  /** Sends one request to `url` without following its redirect. */
  send(url: URL): Promise<HttpResponse | Refusal>;
  /** Vets every URL of the chain, the first included, before it is requested. */
  admit?(url: URL): Promise<Refusal | undefined>;
}

/** Requests `start` and follows its redirects by hand, so every hop is checked and counted. */
export async function followRedirects(
  start: URL,
  policy: RedirectPolicy,
): Promise<HttpResponse | Refusal> {
  const visited = new Set<string>();
  let from: URL | undefined;
  let url = start;
  for (;;) {
    if (!isHttpUrl(url)) {
      const where = from ? `${from.href} redirects to ${url.href}` : url.href;
      return refusal("scheme", `${where}: only http: and https: URLs are fetched`);
    }
    const refused = await policy.admit?.(url);
    if (refused) return refused;
    const response = await policy.send(url);
    if (response.status === "refused" || !redirectStatuses.has(response.httpStatus)) {
      return response;
    }
    const location = response.headers.get("location");
    const target = location === null ? null : resolveUrl(location, url);
    if (!target) {
      return refusal(
        "http_error",
        `${url.href} answered ${response.httpStatus} without a usable Location header (${JSON.stringify(location)})`,
        response.httpStatus,
      );
    }
    visited.add(url.href);
    if (visited.has(target.href)) {
      return refusal(
        "too_many_redirects",
        `${start.href} redirects in a loop (back to ${target.href})`,
      );
    }
    if (visited.size > policy.maxRedirects) {
      return refusal(
        "too_many_redirects",
        `${start.href} redirects more than ${policy.maxRedirects} times (next: ${target.href})`,
      );
    }
    from = url;
    url = target;
  }
}
