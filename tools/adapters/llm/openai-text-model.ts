import OpenAI, { APIError, APIUserAbortError } from "openai";
import { AlphadeskError } from "../../errors.ts";
import type { TextModel, TextRequest } from "../../ports/text-model.ts";

export interface OpenAITextModelOptions {
  /** Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM); the SDK's default when absent. */
  baseURL?: string;
  apiKey: string;
  model: string;
  /** Per-request timeout (default 30 s); the SDK retries connection errors, 429 and 5xx. */
  timeoutMs?: number;
  /** Retries after a failed request (default 1: a second chance within the caller's time limit). */
  maxRetries?: number;
}

/** Prose from an OpenAI-compatible `POST /chat/completions`: one system and one user message. */
export class OpenAITextModel implements TextModel {
  readonly name: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAITextModelOptions) {
    this.name = `model ${options.model}`;
    this.client = new OpenAI({
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 1,
    });
  }

  async writeText(request: TextRequest, signal?: AbortSignal): Promise<string> {
    const completion = await this.client.chat.completions
      .create(
        {
          model: this.options.model,
          messages: [
            { role: "system", content: request.instructions },
            { role: "user", content: request.prompt },
          ],
          ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
        },
        signal ? { signal } : {},
      )
      .catch((error: unknown) => {
        throw this.failure(error);
      });
    const content = completion.choices[0]?.message.content;
    if (!content?.trim()) {
      throw new AlphadeskError(
        "model_failed",
        `${this.name} (${this.client.baseURL}) answered without text`,
        "retryable",
      );
    }
    return content;
  }

  /** An SDK error as an AlphadeskError: a refused request is the user's to fix, the rest may pass. */
  private failure(cause: unknown): unknown {
    if (cause instanceof APIUserAbortError || !(cause instanceof APIError)) return cause;
    const status = cause.status;
    const retryable = status === undefined || status === 429 || status >= 500;
    return new AlphadeskError(
      "model_failed",
      `${this.name} (${this.client.baseURL}) failed: ${cause.message}`,
      retryable ? "retryable" : "user",
    );
  }
}
