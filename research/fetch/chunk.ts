import { z } from "zod";
import { parseOptions } from "./parse-options.ts";

export interface TextChunk {
  /** Position among the document's chunks, from 0. */
  index: number;
  /** Equal to `source.slice(startOffset, endOffset)`: offsets are UTF-16 indices of the source. */
  text: string;
  startOffset: number;
  endOffset: number;
}

export const ChunkOptions = z
  .object({
    // Two UTF-16 units: room for any character, so a chunk never splits one.
    maxChars: z.number().int().min(2).default(1_200),
    /** About how much of a chunk's end the next chunk repeats, so no sentence loses its context. */
    overlapChars: z.number().int().nonnegative().default(150),
  })
  .strict()
  .refine((options) => options.overlapChars < options.maxChars, {
    message: "must be smaller than `maxChars`",
    path: ["overlapChars"],
  });
export type ChunkOptions = z.input<typeof ChunkOptions>;

/** Where a chunk may end, best first: a paragraph break, a sentence end, any whitespace. */
const boundaries: { pattern: RegExp; endOf(match: RegExpExecArray): number }[] = [
  { pattern: /\n\s*\n/g, endOf: (match) => match.index },
  { pattern: /[.!?]["'”’)\]]*(?=\s)/g, endOf: (match) => match.index + match[0].length },
  { pattern: /\s/g, endOf: (match) => match.index },
];

/**
 * Cuts `text` into chunks of at most `maxChars` characters, at the best boundary in the second
 * half of each window (so no chunk is needlessly short), each starting about `overlapChars`
 * before the previous one ended, on a word.
 */
export function chunkText(text: string, options: ChunkOptions = {}): TextChunk[] {
  const { maxChars, overlapChars } = parseOptions(ChunkOptions, options, "chunkText");
  const chunks: TextChunk[] = [];
  for (let start = skipSpace(text, 0); start < text.length;) {
    const end = chunkEnd(text, start, maxChars);
    chunks.push({
      index: chunks.length,
      text: text.slice(start, end),
      startOffset: start,
      endOffset: end,
    });
    const overlapStart = wordStartFrom(text, end - overlapChars);
    // An overlapping chunk must reach past this one; otherwise (the end of the text, a paragraph
    // break) it would only repeat this chunk's end.
    const overlaps =
      overlapStart > start && overlapStart < end && chunkEnd(text, overlapStart, maxChars) > end;
    start = overlaps ? overlapStart : skipSpace(text, end);
  }
  return chunks;
}

function chunkEnd(text: string, start: number, maxChars: number): number {
  const limit = start + maxChars;
  if (limit >= text.length) return trimmedEnd(text, start, text.length);
  const window = text.slice(start, limit + 1);
  const earliest = Math.max(1, Math.floor(maxChars / 2));
  for (const { pattern, endOf } of boundaries) {
    const ends = [...window.matchAll(pattern)].map(endOf).filter((end) => end >= earliest);
    const last = ends.at(-1);
    if (last !== undefined) return trimmedEnd(text, start, start + last);
  }
  // One unbroken run of characters: cut it, but not between the halves of a surrogate pair.
  return /[\uD800-\uDBFF]/.test(text[limit - 1]!) ? limit - 1 : limit;
}

function trimmedEnd(text: string, start: number, end: number): number {
  let trimmed = end;
  while (trimmed > start && /\s/.test(text[trimmed - 1]!)) trimmed--;
  return trimmed;
}

/** The first character of a word at or after `position`: one cut in the middle is skipped. */
function wordStartFrom(text: string, position: number): number {
  let index = Math.max(position, 0);
  if (index > 0 && /\S/.test(text[index - 1]!)) {
    while (index < text.length && /\S/.test(text[index]!)) index++;
  }
  return skipSpace(text, index);
}

function skipSpace(text: string, position: number): number {
  let index = position;
  while (index < text.length && /\s/.test(text[index]!)) index++;
  return index;
}
