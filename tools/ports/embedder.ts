/**
 * Turns texts into vectors whose cosine similarity tracks how related the texts are. Research
 * search embeds chunks when they are stored and the query when it runs: both must come from the
 * same embedder, which `name` identifies (stored with every vector).
 */
export interface Embedder {
  /** Identifies the vector space: a different model, method or size must have another name. */
  readonly name: string;
  /** Length of every vector `embed` returns. */
  readonly dimensions: number;
  /** One vector per text, in the order of `texts`. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}
