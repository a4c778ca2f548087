import type { CorpusQuery } from "./finance-corpus.ts";

export interface RetrievalQuality {
  /** Mean over queries of the share of relevant documents in the top 5. */
  recallAt5: number;
  /** Mean over queries of 1 / rank of the first relevant document in the top 10 (0 when none). */
  mrrAt10: number;
}

/** recall@5 and MRR@10 of `rankings` (document ids, best first), one per query, in order. */
export function retrievalQuality(
  queries: readonly CorpusQuery[],
  rankings: readonly (readonly string[])[],
): RetrievalQuality {
  let recall = 0;
  let reciprocalRanks = 0;
  queries.forEach((query, i) => {
    const ranking = rankings[i]!;
    const top5 = new Set(ranking.slice(0, 5));
    recall += query.relevant.filter((id) => top5.has(id)).length / query.relevant.length;
    const first = ranking.slice(0, 10).findIndex((id) => query.relevant.includes(id));
    reciprocalRanks += first < 0 ? 0 : 1 / (first + 1);
  });
  return { recallAt5: recall / queries.length, mrrAt10: reciprocalRanks / queries.length };
}
