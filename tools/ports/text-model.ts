/** What a text model is asked: standing instructions and the request itself. */
export interface TextRequest {
  /** The standing rules (the system message). */
  instructions: string;
  prompt: string;
  /** An upper bound on the answer's length, in tokens. */
  maxTokens?: number;
}

/**
 * A language model that writes prose (explanations, summaries) from facts it is given. It never
 * decides anything: callers check what it wrote and fall back to their own templates.
 */
export interface TextModel {
  /** Names the model in what users see, e.g. "model gpt-4o-mini". */
  readonly name: string;
  /** The model's answer; rejects on any failure, and when `signal` aborts. */
  writeText(request: TextRequest, signal?: AbortSignal): Promise<string>;
}
