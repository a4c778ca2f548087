import type { z } from "zod";
import type { Clock } from "./ports/clock.ts";
import type { Embedder } from "./ports/embedder.ts";
import type { Execution } from "./ports/execution.ts";
import type { Logger } from "./ports/logger.ts";
import type { MarketDataProvider } from "./ports/market-data.ts";
import type { PageFetcher } from "./ports/page-fetcher.ts";
import type { Queue } from "./ports/queue.ts";
import type { Store } from "./ports/store.ts";
import type { TextModel } from "./ports/text-model.ts";

/** "read" changes nothing; "write" changes our own records; "order" proposes broker orders (never places them). */
export type ToolEffect = "read" | "write" | "order";

export interface ToolContext {
  store: Store;
  /** The configured market-data provider (Alpaca or Polygon), if any. */
  marketData?: MarketDataProvider;
  clock: Clock;
  log: Logger;
  /**
   * The queue whose workers run shares of long tools (a scan's parts), set when Redis is
   * configured; a tool fans out only while it has workers, and runs alone otherwise.
   */
  fanOut?: Queue;
  /** The broker, prices and approval policy the order tools use; absent where no broker is wired. */
  execution?: Execution;
  /** Embeds research chunks and queries (the local embedder offline); absent where not wired. */
  embedder?: Embedder;
  /** Writes prose from facts (explanations) when a model is configured; templates otherwise. */
  textModel?: TextModel;
  /** Fetches research feeds and pages politely; one per process (robots cache, per-host limits). */
  pageFetcher?: PageFetcher;
  /** Reports progress of long work: `fraction` in 0..1. */
  progress(fraction: number, message?: string): void;
  signal: AbortSignal;
  /** Who asked: a user id from a chat platform, "cli", or an MCP client. */
  actor: string;
  /** The conversation asking (the agent's thread id); absent outside one (`alphadesk tool`, MCP). */
  thread?: string;
}

export interface Tool<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> {
  name: string;
  /** One line for listings (`npm start`, `alphadesk tools`, the README's table). */
  summary: string;
  description: string;
  input: Input;
  output: Output;
  effect: ToolEffect;
  /** True when calling twice with the same input has no further effect. */
  idempotent?: boolean;
  /** True when the tool reaches services outside Alphadesk (a market-data provider, a broker). */
  openWorld?: boolean;
  /**
   * True when its output carries text from outside (web pages, feeds): the agent hands it to the
   * model as untrusted data, and a turn that read it may not write or propose an order.
   */
  untrustedOutput?: boolean;
  run(input: z.output<Input>, context: ToolContext): Promise<z.input<Output>>;
  /**
   * A smaller form of the result for replies to a model (MCP), leaving the large parts (an
   * equity curve, every trade) to resources, so a reply does not flood the model's context.
   */
  brief?: { output: z.ZodType; from(result: z.output<Output>): unknown };
}

export function defineTool<Input extends z.ZodType, Output extends z.ZodType>(
  tool: Tool<Input, Output>,
): Tool<Input, Output> {
  return tool;
}
