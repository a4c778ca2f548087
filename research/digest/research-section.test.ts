import { describe, expect, it } from "vitest";
import { openingSnippet } from "./research-section.ts";

describe("openingSnippet", () => {
  it("collapses whitespace and cuts a long text at a word", () => {
    expect(openingSnippet("  Fed\n\nholds   rates. ")).toBe("Fed holds rates.");
    // 240 characters hold 48 "word " pieces: the cut falls on the space after the 48th.
    expect(openingSnippet(`${"word ".repeat(60)}end`)).toBe(`${Array(48).fill("word").join(" ")}…`);
  });
});
