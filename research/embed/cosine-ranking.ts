/** A document's id and its embedding (unit length, as `Embedder`s make them). */
export interface EmbeddedDocument {
  id: string;
  vector: Float32Array;
}

/** The dot product: the cosine similarity of unit vectors. */
function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Document ids, most similar to `query` first, by exact (brute-force) cosine similarity: the
 * embedder's own ranking, with no index and no full text, to measure it alone.
 */
export function rankByCosine(
  query: Float32Array,
  documents: readonly EmbeddedDocument[],
): string[] {
  return documents
    .map((document) => ({ id: document.id, similarity: dot(query, document.vector) }))
    .sort((a, b) => b.similarity - a.similarity)
    .map((scored) => scored.id);
}
