import { invalidInput } from "../../tools/errors.ts";

/** Parses a URL handed in by a caller; a string that is not an absolute URL is the caller's mistake. */
export function parseAbsoluteUrl(text: string, field: string): URL {
  if (!URL.canParse(text)) {
    throw invalidInput(`\`${field}\` must be an absolute URL (was ${JSON.stringify(text)})`, [
      { path: [field], message: "not an absolute URL" },
    ]);
  }
  return new URL(text);
}

/** Resolves a reference found in a document (a link, a Location header); null when it is not a URL. */
export function resolveUrl(reference: string, base: URL | string): URL | null {
  return URL.canParse(reference, String(base)) ? new URL(reference, base) : null;
}

export const isHttpUrl = (url: URL): boolean =>
  url.protocol === "http:" || url.protocol === "https:";
