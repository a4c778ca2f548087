import { LocalEmbedder } from "../research/embed/local-embedder.ts";
import type { Embedder } from "../tools/ports/embedder.ts";
import type { TextModel } from "../tools/ports/text-model.ts";
import { researchEmbeddingDimensions } from "../tools/ports/research.ts";
import type { Config } from "./config.ts";

/**
 * The embedder research is indexed and searched with: EMBEDDING_MODEL behind an
 * OpenAI-compatible endpoint (EMBEDDING_BASE_URL, else LLM_BASE_URL, else OpenAI's; its key
 * EMBEDDING_API_KEY, else LLM_API_KEY), otherwise the offline local embedder. Documents embedded
 * by one are only compared with queries embedded by the same one.
 */
export async function embedderFromConfig(config: Config): Promise<Embedder> {
  if (!config.EMBEDDING_MODEL) return new LocalEmbedder();
  // OpenAI's SDK loads only when a model is named: it adds a tenth of a second to every command.
  const { OpenAIEmbedder } = await import("../tools/adapters/embeddings/openai-embedder.ts");
  const baseURL = config.EMBEDDING_BASE_URL ?? config.LLM_BASE_URL;
  const openAi = baseURL === undefined || /(^|\.)openai\.com/.test(new URL(baseURL).hostname);
  return new OpenAIEmbedder({
    ...(baseURL ? { baseURL } : {}),
    apiKey: config.EMBEDDING_API_KEY ?? config.LLM_API_KEY ?? "not-needed",
    model: config.EMBEDDING_MODEL,
    dimensions: researchEmbeddingDimensions,
    // OpenAI's text-embedding-3 models shorten their vectors on request; local servers refuse it.
    requestDimensions: openAi,
  });
}

/** The model that writes prose from tool facts (explain_strategy): LLM_MODEL, when set. */
export async function textModelFromConfig(config: Config): Promise<TextModel | undefined> {
  if (!config.LLM_MODEL) return undefined;
  const { OpenAITextModel } = await import("../tools/adapters/llm/openai-text-model.ts");
  return new OpenAITextModel({
    ...(config.LLM_BASE_URL ? { baseURL: config.LLM_BASE_URL } : {}),
    apiKey: config.LLM_API_KEY ?? "not-needed",
    model: config.LLM_MODEL,
  });
}
