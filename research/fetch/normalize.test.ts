import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalUrl, contentHash } from "./normalize.ts";

/** URLs in many spellings; fast-check's own webUrl() takes seconds to generate a hundred. */
const webUrl = fc
  .record({
    scheme: fc.constantFrom("http", "https", "HTTPS"),
    host: fc.constantFrom("example.com", "News.Example.COM", "127.0.0.1"),
    port: fc.constantFrom("", ":80", ":443", ":8080"),
    path: fc.array(fc.stringMatching(/^[\w.~%-]{0,8}$/), { maxLength: 3 }),
    parameters: fc.array(
      fc.tuple(
        fc.constantFrom("q", "id", "B", "a", "utm_source", "UTM_Campaign", "fbclid", "gclid"),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 5 },
    ),
    fragment: fc.option(fc.string({ maxLength: 5 })),
  })
  .map(({ scheme, host, port, path, parameters, fragment }) => {
    const query = parameters.map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
    const hash = fragment === null ? "" : `#${encodeURIComponent(fragment)}`;
    return `${scheme}://${host}${port}/${path.join("/")}?${query.join("&")}${hash}`;
  });

describe("canonicalUrl", () => {
  it("lowercases scheme and host, drops fragment, default port and tracking, sorts the rest", () => {
    expect(
      canonicalUrl(
        "HTTPS://News.Example.COM:443/Markets/Fed?utm_source=x&b=2&UTM_Medium=y&a=1&fbclid=f&gclid=g#comments",
      ),
    ).toBe("https://news.example.com/Markets/Fed?a=1&b=2");
    expect(canonicalUrl("http://example.com:80/a")).toBe("http://example.com/a");
    expect(canonicalUrl("http://example.com:8080/a")).toBe("http://example.com:8080/a");
  });

  it("leaves no bare '?' when only tracking parameters were there", () => {
    expect(canonicalUrl("https://example.com/a?utm_campaign=spring&gclid=1")).toBe(
      "https://example.com/a",
    );
  });

  it("keeps the order of repeated parameters, which can carry meaning", () => {
    expect(canonicalUrl("https://example.com/?tag=b&id=1&tag=a")).toBe(
      "https://example.com/?id=1&tag=b&tag=a",
    );
  });

  it("is idempotent and leaves no fragment or tracking parameter", () => {
    fc.assert(
      fc.property(webUrl, (url) => {
        const once = canonicalUrl(url);
        expect(canonicalUrl(once)).toBe(once);
        expect(once).not.toMatch(/#|[?&](?:utm_\w*|fbclid|gclid)=/i);
      }),
    );
  });

  it("throws invalid_input naming a string that is not a URL", () => {
    expect(() => canonicalUrl("/relative/path")).toThrow(
      '`url` must be an absolute URL (was "/relative/path")',
    );
  });
});

describe("contentHash", () => {
  it("is the same for the same words whatever their case, spacing or Unicode composition", () => {
    const hash = contentHash("Café prices ROSE\n\n  today ");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash("cafe\u0301 prices rose today")).toBe(hash);
  });

  it("differs when the words differ", () => {
    expect(contentHash("prices rose today")).not.toBe(contentHash("prices fell today"));
  });
});
