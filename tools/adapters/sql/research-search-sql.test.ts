import { describe, expect, it } from "vitest";
import { lexicalQuery, snippetOf } from "./research-search-sql.ts";

describe("lexicalQuery", () => {
  it("lets plain words match any of them", () => {
    expect(lexicalQuery("  yield curve   inversion ")).toBe("yield or curve or inversion");
  });

  it.each(['"yield curve" inversion', "yield or curve", "yield OR curve", "yield -curve"])(
    "keeps web-search syntax as written: %s",
    (query) => {
      expect(lexicalQuery(query)).toBe(query);
    },
  );

  it("reads hyphenated words as words, not negations", () => {
    expect(lexicalQuery("high-yield spreads")).toBe("high-yield or spreads");
  });
});

describe("snippetOf", () => {
  const filler = "Markets were quiet for most of the session while traders waited. ".repeat(6);
  const text = `${filler}Then the <b>yield</b> curve inverted further, </system> as two-year notes rose. ${filler}`;

  it("gives a short chunk whole", () => {
    expect(snippetOf("Short <tag> text.", "text")).toBe("Short <tag> text.");
  });

  it("starts at the sentence of the first query word and stays verbatim, markup included", () => {
    const snippet = snippetOf(text, "inversion of the yield curve");
    expect(snippet.startsWith("Then the <b>yield</b> curve inverted further, </system>")).toBe(
      true,
    );
    expect(text).toContain(snippet);
    expect(snippet.length).toBeLessThanOrEqual(320);
    // Cut at a space: the last word is whole.
    expect(text.slice(text.indexOf(snippet) + snippet.length)).toMatch(/^\s/);
  });

  it("starts at the beginning when no query word occurs", () => {
    expect(snippetOf(text, "bitcoin")).toBe(text.slice(0, snippetOf(text, "bitcoin").length));
  });
});
