import { createHash } from "node:crypto";
import { parseAbsoluteUrl } from "./http-url.ts";

/** Query parameters that only tell a site where a click came from. */
const trackingParameter = /^(?:utm_.*|fbclid|gclid|gclsrc|dclid|msclkid|mc_cid|mc_eid)$/i;

/**
 * One spelling per page, for deduplication: lowercase scheme and host and no default port (the
 * WHATWG URL parser does both), no fragment, no tracking parameters, the rest sorted by name.
 */
export function canonicalUrl(url: string): string {
  const canonical = parseAbsoluteUrl(url, "url");
  canonical.hash = "";
  for (const name of [...canonical.searchParams.keys()]) {
    if (trackingParameter.test(name)) canonical.searchParams.delete(name);
  }
  canonical.searchParams.sort();
  // Assigning an empty query drops the lone "?" that sorting an emptied query leaves behind.
  if (canonical.searchParams.size === 0) canonical.search = "";
  return canonical.href;
}

/** SHA-256 (hex) of the text with case, Unicode composition and whitespace normalised: equal for the same words. */
export function contentHash(text: string): string {
  const normalised = text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  return createHash("sha256").update(normalised).digest("hex");
}
