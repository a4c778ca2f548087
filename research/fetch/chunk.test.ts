import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText, type TextChunk } from "./chunk.ts";

const words = (count: number, word = "word") => Array.from({ length: count }, () => word).join(" ");

/** Text built from words, sentence ends, line and paragraph breaks, long runs and emoji. */
const documentText = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z]{1,12}$/),
      fc.constantFrom(" ", " ", "\n", "\n\n", ". ", "? ", '." ', "\t", "😀😀"),
      fc.stringMatching(/^[a-z]{30,90}$/),
    ),
    { maxLength: 300 },
  )
  .map((parts) => parts.join(""));

function expectWellFormed(text: string, chunks: TextChunk[], maxChars: number) {
  chunks.forEach((chunk, index) => {
    expect(chunk.index).toBe(index);
    expect(chunk.text).toBe(text.slice(chunk.startOffset, chunk.endOffset));
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk.text.length).toBeLessThanOrEqual(maxChars);
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    const previous = chunks[index - 1];
    if (previous) {
      expect(chunk.startOffset).toBeGreaterThan(previous.startOffset);
      // Each chunk reaches further: none only repeats the end of the one before.
      expect(chunk.endOffset).toBeGreaterThan(previous.endOffset);
      // Whatever lies between two chunks is whitespace: no text is left out.
      expect(text.slice(previous.endOffset, chunk.startOffset).trim()).toBe("");
    }
  });
  expect(text.slice(0, chunks[0]?.startOffset ?? text.length).trim()).toBe("");
  expect(text.slice(chunks.at(-1)?.endOffset ?? 0).trim()).toBe("");
}

describe("chunkText", () => {
  it("covers the text with chunks no longer than maxChars, for any text and limits", () => {
    fc.assert(
      fc.property(
        documentText,
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 0, max: 399 }),
        (text, maxChars, overlap) => {
          const overlapChars = overlap % maxChars;
          expectWellFormed(text, chunkText(text, { maxChars, overlapChars }), maxChars);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps a text that fits in one chunk whole, repeating nothing", () => {
    const text = `${words(30)}. ${words(10)}.`;
    expect(chunkText(text, { maxChars: 1_200, overlapChars: 150 })).toEqual([
      { index: 0, text, startOffset: 0, endOffset: text.length },
    ]);
  });

  it("ends chunks at paragraph breaks when it can", () => {
    const paragraphs = [words(100, "alpha"), words(60, "beta"), words(100, "gamma")];
    const chunks = chunkText(paragraphs.join("\n\n"), { maxChars: 1_200, overlapChars: 0 });
    expect(chunks.map((chunk) => chunk.text)).toEqual([
      `${paragraphs[0]}\n\n${paragraphs[1]}`,
      paragraphs[2],
    ]);
  });

  it("ends chunks at sentence ends inside a long paragraph, and overlaps by about overlapChars", () => {
    const sentence = `${words(15)}.`;
    const text = Array.from({ length: 30 }, () => sentence).join(" ");
    const chunks = chunkText(text, { maxChars: 500, overlapChars: 100 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const [index, chunk] of chunks.entries()) {
      expect(chunk.text.endsWith(".")).toBe(true);
      const next = chunks[index + 1];
      if (next) {
        const overlap = chunk.endOffset - next.startOffset;
        expect(overlap).toBeGreaterThan(90);
        expect(overlap).toBeLessThanOrEqual(100);
      }
    }
  });

  it("cuts a run without spaces at exactly maxChars, without overlap", () => {
    const chunks = chunkText("x".repeat(2_500));
    expect(chunks.map((chunk) => [chunk.startOffset, chunk.endOffset])).toEqual([
      [0, 1_200],
      [1_200, 2_400],
      [2_400, 2_500],
    ]);
  });

  it("returns no chunks for empty or blank text", () => {
    expect(chunkText("")).toEqual([]);
    expect(chunkText(" \n\n ")).toEqual([]);
  });

  it("names the option that is wrong", () => {
    expect(() => chunkText("text", { maxChars: 1 })).toThrow(/`maxChars`: .*\(was 1\)/);
    expect(() => chunkText("text", { overlapChars: -5 })).toThrow(/`overlapChars`: .*\(was -5\)/);
    expect(() => chunkText("text", { maxChars: 100, overlapChars: 100 })).toThrow(
      /`overlapChars`: must be smaller than `maxChars`/,
    );
  });
});
