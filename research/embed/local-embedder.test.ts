import { describe, expect, it } from "vitest";
import { researchEmbeddingDimensions } from "../../tools/ports/research.ts";
import { LocalEmbedder, wordsOf } from "./local-embedder.ts";

const cosine = (a: Float32Array, b: Float32Array) =>
  a.reduce((sum, value, i) => sum + value * b[i]!, 0);
const norm = (vector: Float32Array) => Math.sqrt(cosine(vector, vector));

describe("LocalEmbedder", () => {
  const embedder = new LocalEmbedder();

  it("makes unit vectors of the research index's size, named by method and size", async () => {
    const [vector, empty] = await embedder.embed(["The Fed raised rates.", ""]);
    expect(embedder.dimensions).toBe(researchEmbeddingDimensions);
    expect(embedder.name).toBe(`local-hash-v1-${researchEmbeddingDimensions}`);
    expect(vector).toHaveLength(researchEmbeddingDimensions);
    expect(norm(vector!)).toBeCloseTo(1, 6);
    // No features still gives a unit vector: a zero vector has no cosine distance.
    expect(norm(empty!)).toBeCloseTo(1, 6);
  });

  it("is deterministic across instances and batches", async () => {
    const text = "Momentum portfolios crash after market rebounds.";
    const [alone] = await new LocalEmbedder().embed([text]);
    const [, inBatch] = await embedder.embed(["something else", text]);
    expect(Array.from(inBatch!)).toEqual(Array.from(alone!));
  });

  it("ranks related texts above unrelated ones", async () => {
    const [query, related, unrelated] = await embedder.embed([
      "central bank rate hikes",
      "The central bank hiked its policy rate again.",
      "Bitcoin miners earn less after the halving.",
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.2);
  });

  it("normalizes case, width and word forms, and drops stop words", () => {
    expect(wordsOf("The RATES were hiking; companies' ＣＰＩ")).toEqual([
      "rat",
      "hik",
      "company",
      "cpi",
    ]);
    expect(wordsOf("rate hikes hiked")).toEqual(["rat", "hik", "hik"]);
  });

  it("names custom feature weights, so their vectors are never compared with the default's", () => {
    expect(new LocalEmbedder(128, { words: 1, pairs: 0, trigrams: 0 }).name).toBe(
      "local-hash-v1-128-w1/0/0",
    );
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(["text"], controller.signal)).rejects.toThrow();
  });
});
