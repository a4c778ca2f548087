import { describe, expect, it } from "vitest";
import {
  type CorpusDocument,
  financeDocuments,
  financeQueries,
} from "../../test/support/finance-corpus.ts";
import { retrievalQuality } from "../../test/support/retrieval-metrics.ts";
import type { Embedder } from "../../tools/ports/embedder.ts";
import { rankByCosine } from "./cosine-ranking.ts";
import { LocalEmbedder } from "./local-embedder.ts";

const documentText = (document: CorpusDocument) => `${document.title}\n${document.text}`;

/** Ranks the corpus for each query by cosine similarity alone (no database, no full text). */
async function rankByEmbedder(embedder: Embedder): Promise<string[][]> {
  const vectors = await embedder.embed(financeDocuments.map(documentText));
  const documents = financeDocuments.map(({ id }, i) => ({ id, vector: vectors[i]! }));
  const queries = await embedder.embed(financeQueries.map((query) => query.text));
  return queries.map((query) => rankByCosine(query, documents));
}

// Measured on this corpus (research/README.md): recall@5 0.903, MRR@10 0.931. The floors leave
// room for a deliberate change of method, not for a broken one.
const floor = { recallAt5: 0.85, mrrAt10: 0.85 };

describe("the local embedder's retrieval quality on the labelled finance set", () => {
  it("finds the relevant documents: recall@5 and MRR@10 above their floors", async () => {
    const quality = retrievalQuality(financeQueries, await rankByEmbedder(new LocalEmbedder()));
    console.info("local embedder:", quality);
    expect(quality.recallAt5).toBeGreaterThanOrEqual(floor.recallAt5);
    expect(quality.mrrAt10).toBeGreaterThanOrEqual(floor.mrrAt10);
  });

  it("the floors fail an embedder that knows nothing (every text the same vector)", async () => {
    const constant: Embedder = {
      name: "constant",
      dimensions: 4,
      embed: async (texts) => texts.map(() => Float32Array.of(0.5, 0.5, 0.5, 0.5)),
    };
    const quality = retrievalQuality(financeQueries, await rankByEmbedder(constant));
    expect(quality.recallAt5).toBeLessThan(floor.recallAt5);
    expect(quality.mrrAt10).toBeLessThan(floor.mrrAt10);
  });

  it.each([
    ["words only", { words: 1, pairs: 0, trigrams: 0 }],
    ["trigrams only", { words: 0, pairs: 0, trigrams: 1 }],
  ])("reports the %s ablation for comparison", async (label, weights) => {
    const quality = retrievalQuality(
      financeQueries,
      await rankByEmbedder(new LocalEmbedder(384, weights)),
    );
    console.info(`${label}:`, quality);
    expect(quality.recallAt5).toBeGreaterThan(0.5);
  });
});
