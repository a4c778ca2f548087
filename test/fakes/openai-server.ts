import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A message as the Chat Completions API receives it (the fields the fake reads). */
export type OpenAIChatMessage =
  | { role: "system" | "developer"; content: string }
  | { role: "user"; content: string }
  | {
      role: "assistant";
      content: string | null;
      tool_calls?: OpenAIToolCall[];
    }
  | { role: "tool"; tool_call_id: string; content: string };

export interface OpenAIToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface OpenAIFunctionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** The body of POST /v1/chat/completions (the fields the fake reads; others are kept as sent). */
export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIChatMessage[];
  tools?: OpenAIFunctionTool[];
  [field: string]: unknown;
}

/** One request as it arrived, answered or not. */
export interface RecordedOpenAIRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  /** The status the fake answered with; undefined while a request hangs. */
  status?: number;
}

/** What a script step answers: the assistant's message, an HTTP error, or no answer at all. */
export type OpenAIReply =
  | {
      kind: "message";
      content: string | null;
      /** `arguments` as an object is serialized; as a string it is sent as it is (malformed JSON too). */
      toolCalls: { name: string; arguments: string | Record<string, unknown>; id?: string }[];
    }
  | { kind: "error"; status: number; message: string; code: string | null; retryAfterMs?: number }
  | { kind: "hang" };

/** The next response, chosen from the request the "model" received (its messages and tools). */
export type OpenAIScriptStep = (request: OpenAIChatRequest) => OpenAIReply;

/** The assistant calls these tools (one message, parallel calls). */
export const callTools = (
  ...calls: { name: string; arguments: string | Record<string, unknown> }[]
): OpenAIReply => ({ kind: "message", content: null, toolCalls: calls });

/** The assistant calls one tool. */
export const callTool = (name: string, args: string | Record<string, unknown> = {}): OpenAIReply =>
  callTools({ name, arguments: args });

/** The assistant's final answer (finish_reason "stop"). */
export const answer = (content: string): OpenAIReply => ({
  kind: "message",
  content,
  toolCalls: [],
});

/** An error response in OpenAI's shape; 429 and 5xx are retried by the SDK. */
export const httpError = (
  status: number,
  message = `fake error ${status}`,
  options: { code?: string | null; retryAfterMs?: number } = {},
): OpenAIReply => ({
  kind: "error",
  status,
  message,
  code: options.code ?? null,
  ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
});

/** The request is read and never answered (until the client gives up or the server stops). */
export const hang = (): OpenAIReply => ({ kind: "hang" });

const errorTypes: Record<number, string> = {
  400: "invalid_request_error",
  401: "invalid_request_error",
  404: "invalid_request_error",
  429: "requests",
  500: "server_error",
  503: "server_error",
};

const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** The body of POST /v1/embeddings (the fields the fake reads). */
export interface OpenAIEmbeddingRequest {
  model: string;
  input: string | string[];
  dimensions?: number;
  encoding_format?: "float" | "base64";
}

/**
 * A local stand-in for OpenAI's Chat Completions API (`POST /v1/chat/completions`, non-streaming)
 * that plays a script: each request is answered by the next step, which sees the request, so a
 * test can react to what the model was shown. It checks `Authorization: Bearer <key>` (401 in
 * OpenAI's shape otherwise), refuses message sequences the real API refuses (a tool result
 * without its assistant call, an assistant call left unanswered, bad function names) with 400,
 * and records every request. Responses follow the documented `chat.completion` object.
 */
export class FakeOpenAI {
  readonly requests: RecordedOpenAIRequest[] = [];
  /** Problems found while answering: script errors, requests the real API would refuse. */
  readonly problems: string[] = [];
  private readonly script: OpenAIScriptStep[] = [];
  private server?: Server;
  private completions = 0;
  private toolCallIds = 0;
  url = "";
  /**
   * The size of the fake embedding model's vectors. Like OpenAI's API, `dimensions` shortens
   * them for text-embedding-3 models and is refused for any other model.
   */
  embeddingDimensions = 1536;

  constructor(readonly apiKey = "sk-test-fake-key") {}

  /** The base URL an OpenAI client takes (`baseURL`). */
  get baseURL(): string {
    return `${this.url}/v1`;
  }

  /** Appends steps to the script. */
  play(...steps: OpenAIScriptStep[]): this {
    this.script.push(...steps);
    return this;
  }

  get remainingSteps(): number {
    return this.script.length;
  }

  /** The bodies of the chat-completion requests that reached the "model" (authorized, parsed). */
  get chatRequests(): OpenAIChatRequest[] {
    return this.requests
      .filter(
        (request) =>
          request.path === "/v1/chat/completions" &&
          request.authorization === `Bearer ${this.apiKey}` &&
          isChatRequest(request.body),
      )
      .map((request) => request.body as OpenAIChatRequest);
  }

  /** The bodies of the embedding requests that reached the "model" (authorized). */
  get embeddingRequests(): OpenAIEmbeddingRequest[] {
    return this.requests
      .filter(
        (request) =>
          request.path === "/v1/embeddings" && request.authorization === `Bearer ${this.apiKey}`,
      )
      .map((request) => request.body as OpenAIEmbeddingRequest);
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const record: RecordedOpenAIRequest = {
        method: request.method ?? "",
        path: new URL(request.url ?? "/", "http://fake").pathname,
        authorization: request.headers.authorization,
        body: undefined,
      };
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        response.writeHead(status, {
          "content-type": "application/json",
          "x-request-id": `req_fake_${this.requests.length}`,
          ...headers,
        });
        response.end(JSON.stringify(body));
      };
      const fail = (status: number, message: string, code: string | null = null) =>
        send(status, {
          error: { message, type: errorTypes[status] ?? "api_error", param: null, code },
        });
      this.requests.push(record);
      void readBody(request).then((text) => {
        try {
          record.body = text ? (JSON.parse(text) as unknown) : undefined;
        } catch {
          return fail(400, "We could not parse the JSON body of your request.");
        }
        const routes = ["/v1/chat/completions", "/v1/embeddings"];
        if (!routes.includes(record.path) || record.method !== "POST")
          return fail(404, `Invalid URL (${record.method} ${record.path})`);
        if (record.authorization === undefined)
          return fail(
            401,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          );
        if (record.authorization !== `Bearer ${this.apiKey}`)
          return fail(401, "Incorrect API key provided.", "invalid_api_key");
        if (record.path === "/v1/embeddings") {
          const refused = invalidEmbeddingRequest(record.body, this.embeddingDimensions);
          if (refused) return fail(400, refused);
          return send(200, embeddingList(record.body as OpenAIEmbeddingRequest, this));
        }
        const invalid = invalidRequest(record.body);
        if (invalid) {
          this.problems.push(`request ${this.requests.length}: ${invalid}`);
          return fail(400, invalid);
        }
        const body = record.body as OpenAIChatRequest;
        const step = this.script.shift();
        if (!step) {
          this.problems.push(`request ${this.requests.length}: the script ran out`);
          return fail(400, "fake OpenAI: the script ran out");
        }
        let reply: OpenAIReply;
        try {
          reply = step(body);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.problems.push(`request ${this.requests.length}: the script step threw: ${message}`);
          return fail(400, `fake OpenAI: the script step threw: ${message}`);
        }
        if (reply.kind === "hang") return;
        if (reply.kind === "error")
          return send(
            reply.status,
            {
              error: {
                message: reply.message,
                type: errorTypes[reply.status] ?? "api_error",
                param: null,
                code: reply.code,
              },
            },
            reply.retryAfterMs === undefined
              ? {}
              : { "retry-after-ms": String(reply.retryAfterMs) },
          );
        send(200, this.completion(body, reply));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops listening and drops open connections, hanging requests included. */
  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private completion(request: OpenAIChatRequest, reply: Extract<OpenAIReply, { kind: "message" }>) {
    const toolCalls: OpenAIToolCall[] = reply.toolCalls.map((call) => ({
      id: call.id ?? `call_fake${++this.toolCallIds}`,
      type: "function",
      function: {
        name: call.name,
        arguments:
          typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
      },
    }));
    // A rough count: about four characters a token.
    const promptTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
    const completionTokens = Math.ceil(JSON.stringify([reply.content, toolCalls]).length / 4);
    return {
      id: `chatcmpl-fake${++this.completions}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: reply.content,
            refusal: null,
            annotations: [],
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      service_tier: "default",
      system_fingerprint: null,
    };
  }
}

/** Why the real API would refuse an embeddings request, or undefined when it would accept it. */
function invalidEmbeddingRequest(body: unknown, nativeDimensions: number): string | undefined {
  const request = body as Partial<OpenAIEmbeddingRequest> | undefined;
  if (typeof request?.model !== "string") return "you must provide a model parameter";
  const inputs = typeof request.input === "string" ? [request.input] : request.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 2048)
    return "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
  if (inputs.some((input) => typeof input !== "string" || input.length === 0))
    return "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
  if (request.dimensions === undefined) return undefined;
  if (!request.model.startsWith("text-embedding-3"))
    return "This model does not support specifying dimensions.";
  if (!Number.isInteger(request.dimensions) || request.dimensions < 1)
    return `Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got ${request.dimensions} instead.`;
  if (request.dimensions > nativeDimensions)
    return `This model's maximum embedding dimension is ${nativeDimensions}; requested ${request.dimensions}.`;
  return undefined;
}

/**
 * A `list` of `embedding` objects as the API returns them: a deterministic unit vector per input
 * (seeded by its text), as floats or as base64 of little-endian float32s when asked.
 */
function embeddingList(request: OpenAIEmbeddingRequest, fake: FakeOpenAI) {
  const inputs = typeof request.input === "string" ? [request.input] : request.input;
  const size = request.dimensions ?? fake.embeddingDimensions;
  const tokens = inputs.reduce((sum, input) => sum + Math.ceil(input.length / 4), 0);
  return {
    object: "list",
    data: inputs.map((input, index) => {
      const vector = fakeEmbedding(input, size);
      return {
        object: "embedding",
        index,
        embedding:
          request.encoding_format === "base64"
            ? Buffer.from(vector.buffer).toString("base64")
            : Array.from(vector),
      };
    }),
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

function fakeEmbedding(text: string, size: number): Float32Array {
  let seed = 2166136261;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619);
  const vector = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    // mulberry32: a small deterministic generator.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    vector[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  }
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function isChatRequest(body: unknown): body is OpenAIChatRequest {
  const request = body as Partial<OpenAIChatRequest> | undefined;
  return typeof request?.model === "string" && Array.isArray(request.messages);
}

/** Why the real API would answer 400, or undefined when it would accept the request. */
function invalidRequest(body: unknown): string | undefined {
  if (!isChatRequest(body)) return "'model' and 'messages' are required properties.";
  if (body.stream === true) return "fake OpenAI: streaming is not supported by this fake.";
  if (body.messages.length === 0) return "'messages' must contain at least one message.";
  for (const [index, tool] of (body.tools ?? []).entries()) {
    if (tool.type !== "function") return `Invalid value at tools[${index}].type: '${tool.type}'.`;
    if (!toolNamePattern.test(tool.function?.name ?? ""))
      return `Invalid 'tools[${index}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`;
    const parameters = tool.function.parameters;
    if (parameters !== undefined && parameters.type !== "object")
      return `Invalid schema for function '${tool.function.name}': schema must be a JSON Schema of 'type: "object"'.`;
  }
  // An assistant message with tool_calls must be followed by a tool message answering each id,
  // and a tool message must answer a call of the assistant message before it.
  let unanswered = new Set<string>();
  for (const [index, message] of body.messages.entries()) {
    if (message.role === "tool") {
      if (!unanswered.delete(message.tool_call_id))
        return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls' (messages[${index}]).`;
      continue;
    }
    if (unanswered.size > 0)
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...unanswered].join(", ")}`;
    if (!["system", "developer", "user", "assistant"].includes(message.role))
      return `Invalid value: '${message.role}' at messages[${index}].role.`;
    if (message.role === "assistant")
      unanswered = new Set((message.tool_calls ?? []).map((call) => call.id));
  }
  if (unanswered.size > 0)
    return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...unanswered].join(", ")}`;
  return undefined;
}
