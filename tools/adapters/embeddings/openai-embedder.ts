import OpenAI, { APIError, APIUserAbortError } from "openai";
import { AlphadeskError } from "../../errors.ts";
import type { Embedder } from "../../ports/embedder.ts";

export interface OpenAIEmbedderOptions {
  /** Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM); the SDK's default when absent. */
  baseURL?: string;
  apiKey: string;
  model: string;
  /** The size every vector must have: the research index stores one size. */
  dimensions: number;
  /**
   * Sends `dimensions` with each request, which text-embedding-3 models honour by shortening their
   * vectors; other models refuse the parameter: set false, and the size is still checked.
   */
  requestDimensions?: boolean;
  /** Texts per request (the API takes up to 2048). */
  batchSize?: number;
  /** Per-request timeout; the SDK retries twice on connection errors, 429 and 5xx. */
  timeoutMs?: number;
}

/** Embeddings from an OpenAI-compatible `POST /embeddings`, a batch of texts per request. */
export class OpenAIEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly batchSize: number;

  constructor(private readonly options: OpenAIEmbedderOptions) {
    this.dimensions = options.dimensions;
    this.batchSize = options.batchSize ?? 256;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 2048) {
      throw new RangeError(`batchSize must be an integer in 1..2048 (was ${this.batchSize})`);
    }
    this.name = `openai:${options.model}:${options.dimensions}`;
    this.client = new OpenAI({
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 60_000,
    });
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let from = 0; from < texts.length; from += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(from, from + this.batchSize), signal)));
    }
    return vectors;
  }

  private async embedBatch(batch: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    // Floats, not the SDK's default base64: a compatible server that ignores the format would
    // send floats that the SDK then decodes as base64 into garbage.
    const response = await this.client.embeddings
      .create(
        {
          model: this.options.model,
          input: batch,
          encoding_format: "float",
          ...(this.options.requestDimensions === false ? {} : { dimensions: this.dimensions }),
        },
        signal ? { signal } : {},
      )
      .catch((error: unknown) => {
        throw this.failure(error);
      });
    const data = [...response.data].sort((a, b) => a.index - b.index);
    if (data.length !== batch.length) {
      throw new AlphadeskError(
        "embedder_failed",
        `the embeddings endpoint (${this.client.baseURL}, model ${this.options.model}) answered ${data.length} embeddings for ${batch.length} texts`,
        "fatal",
      );
    }
    return data.map((item) => {
      if (item.embedding.length !== this.dimensions) {
        throw new AlphadeskError(
          "embedder_mismatch",
          `embedding model ${this.options.model} made ${item.embedding.length}-dimensional vectors, but ${this.dimensions} are configured (the research index stores ${this.dimensions}): choose a model of that size, or one that accepts \`dimensions\` (text-embedding-3-*)`,
          "user",
        );
      }
      return Float32Array.from(item.embedding);
    });
  }

  /** An SDK error as an AlphadeskError: a refused request is the user's to fix; others may pass. */
  private failure(cause: unknown): unknown {
    if (cause instanceof APIUserAbortError || !(cause instanceof APIError)) return cause;
    const status = cause.status;
    const retryable = status === undefined || status === 429 || status >= 500;
    return new AlphadeskError(
      "embedder_failed",
      `the embeddings endpoint (${this.client.baseURL}, model ${this.options.model}) failed: ${cause.message}`,
      retryable ? "retryable" : "user",
    );
  }
}
