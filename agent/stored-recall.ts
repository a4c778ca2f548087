import { utc } from "../tools/replies/format.ts";
import type { ChatMessage, ToolCallRequest } from "./messages.ts";
import type { OpenOrder } from "./planner/intent.ts";
import type { PlanContext, PlannedCall } from "./planner/plan.ts";

/**
 * What a message may point at ("validate the last strategy", "backtest the top finding") when
 * no earlier turn of this conversation made it: a new Slack thread, a single `alphadesk ask`.
 * The store's newest stands in, read by a visible read-only call whose id starts with `recall-`,
 * and the reply says which one was taken.
 */
interface StoredRecall {
  key:
    | "lastStrategyId"
    | "lastFindingIds"
    | "rankedStrategyIds"
    | "positions"
    | "openOrders"
    | "namedStrategies"
    | "strategyNames";
  /** Stands in for the value while planning, to learn whether the plan would use it... */
  placeholder: Partial<PlanContext>;
  /** ... which it does when its calls hold this text (without one, only a plan's `needs` asks). */
  marker?: string;
  call: PlannedCall;
  /** What else it reads, looked up also when a plan says it needs that ("what about RSI(2)?"). */
  provides?: readonly (keyof PlanContext)[];
  /** What the lookup found, for the planner's context; undefined when nothing is stored. */
  read(output: Record<string, unknown>): Partial<PlanContext> | undefined;
  /** The reply's first line when it was used. */
  taken(output: Record<string, unknown>): string;
  /** Said before the planner's "could not find" when nothing is stored either. */
  none: string;
  /**
   * Whether later turns of the thread keep what was found: "it" stays the strategy taken, while
   * "my strategies" is looked up afresh each time (strategies are added).
   */
  kept: boolean;
}

interface BacktestsOutput {
  backtests: {
    id: string;
    strategyId: string;
    strategyName: string;
    createdAt: string;
    spec?: Record<string, unknown>;
  }[];
}
interface FindingsOutput {
  findings: { id: string }[];
}
interface PositionsOutput {
  broker: string;
  positions: { symbol: string; quantity: number }[];
}
interface OrdersOutput {
  orders: (Omit<OpenOrder, "id"> & { clientOrderId: string })[];
}
interface StrategiesOutput {
  strategies: { id: string; name: string; latestBacktest: { id: string } | null }[];
}

/** Placeholder ids: `marker` followed by a counter, as long as the real ones. */
const placeholders = (marker: string, length: number, count: number) =>
  Array.from(
    { length: count },
    (_, index) => `${marker}${String(index).padStart(length - marker.length, "0")}`,
  );

const recallPrefix = "recall-";

const recalls: readonly StoredRecall[] = [
  {
    key: "lastStrategyId",
    placeholder: { lastStrategyId: "e".repeat(64) },
    marker: "e".repeat(64),
    call: { name: "list_backtests", input: { limit: 1, withSpecs: true } },
    provides: ["lastSpec"],
    read: (output) => {
      const last = (output as unknown as BacktestsOutput).backtests[0];
      return last
        ? {
            lastStrategyId: last.strategyId,
            lastBacktestId: last.id,
            ...(last.spec ? { lastSpec: last.spec } : {}),
          }
        : undefined;
    },
    taken: (output) => {
      const last = (output as unknown as BacktestsOutput).backtests[0]!;
      return `No strategy was backtested in this conversation, so I took the one backtested last: ${last.strategyName} (${last.strategyId.slice(0, 12)}…), on ${utc(last.createdAt)}.`;
    },
    none: "No strategy was backtested in this conversation, and no backtest is stored yet.",
    kept: true,
  },
  {
    key: "lastFindingIds",
    placeholder: { lastFindingIds: placeholders("98765432100", 18, 50) },
    marker: "98765432100",
    call: { name: "list_findings", input: { limit: 50 } },
    read: (output) => {
      const { findings } = output as unknown as FindingsOutput;
      return findings.length > 0 ? { lastFindingIds: findings.map((f) => f.id) } : undefined;
    },
    taken: () =>
      "No scan ran in this conversation, so I took the stored findings, most recently confirmed first.",
    none: "No scan ran in this conversation, and no finding is stored yet.",
    kept: true,
  },
  {
    key: "rankedStrategyIds",
    placeholder: { rankedStrategyIds: placeholders("cafecafecafe", 64, 20) },
    marker: "cafecafecafe",
    call: { name: "list_strategies", input: { rankBy: "sharpe", limit: 20 } },
    read: (output) => {
      const tested = (output as unknown as StrategiesOutput).strategies.filter(
        (strategy) => strategy.latestBacktest !== null,
      );
      return tested.length > 0 ? { rankedStrategyIds: tested.map((s) => s.id) } : undefined;
    },
    taken: () =>
      "No strategies were named, so I took the stored ones with a backtest, the highest Sharpe first (each by its latest backtest).",
    none: "No strategies were named, and none with a backtest is stored yet.",
    kept: false,
  },
  {
    // Read afresh for each message that closes positions: a held quantity is never remembered.
    key: "positions",
    placeholder: { positions: [] },
    call: { name: "get_positions", input: {} },
    provides: ["positions"],
    read: (output) => ({
      positions: (output as unknown as PositionsOutput).positions.map(({ symbol, quantity }) => ({
        symbol,
        quantity,
      })),
    }),
    taken: (output) => {
      const { broker, positions } = output as unknown as PositionsOutput;
      return positions.length === 0
        ? `The ${broker} account holds no positions.`
        : `The ${broker} account holds ${positions.map((p) => `${p.symbol} ${p.quantity}`).join(", ")}.`;
    },
    // `read` always answers (no positions is an answer), so this is never said.
    none: "",
    kept: false,
  },
  {
    // Read afresh for each message that cancels orders by their words: states move on.
    key: "openOrders",
    placeholder: { openOrders: [] },
    call: {
      name: "list_orders",
      input: {
        states: ["proposed", "approved", "submitting", "unknown", "submitted", "partially_filled"],
        limit: 100,
      },
    },
    provides: ["openOrders"],
    read: (output) => ({
      openOrders: (output as unknown as OrdersOutput).orders.map(
        ({ clientOrderId, symbol, side, quantity, type, limitPrice, state }) => ({
          id: clientOrderId,
          symbol,
          side,
          quantity,
          type,
          limitPrice,
          state,
        }),
      ),
    }),
    taken: (output) => {
      const { orders } = output as unknown as OrdersOutput;
      return orders.length === 0
        ? "No order is waiting, queued or open."
        : `${orders.length} order(s) not yet settled.`;
    },
    // `read` always answers (no open order is an answer), so this is never said.
    none: "",
    kept: false,
  },
  {
    // Asked by the brain, with the message's short ids, whenever it writes some (short-ids.ts);
    // never by a plan's placeholders.
    key: "namedStrategies",
    placeholder: {},
    // `namedStrategiesLookup` adds the short ids to this call.
    call: { name: "list_strategies", input: { limit: 200 } },
    read: (output) => ({
      namedStrategies: (output as unknown as StrategiesOutput).strategies.map(({ id, name }) => ({
        id,
        name,
      })),
    }),
    // Silent: the ids appear in full in the calls that follow.
    taken: () => "",
    none: "",
    kept: false,
  },
  {
    // Asked by a plan that meets a strategy named by words ("validate my rsi dip strategy"):
    // the planner finds it by its name. Read afresh for each such message: strategies are added.
    key: "strategyNames",
    // None stored: with it the plan asks rather than calling, so no other lookup is made for it.
    placeholder: { strategyNames: [] },
    call: { name: "list_strategies", input: { limit: 200 } },
    provides: ["strategyNames"],
    read: (output) => ({
      strategyNames: (output as unknown as StrategiesOutput).strategies.map(
        ({ id, name, latestBacktest }) => ({
          id,
          name,
          latestBacktestId: latestBacktest?.id ?? null,
        }),
      ),
    }),
    // Silent: the plan's calls name the strategy found.
    taken: () => "",
    none: "",
    kept: false,
  },
];

/** The lookup of the stored strategies whose ids start with these short ids. */
export function namedStrategiesLookup(shortIds: readonly string[]): ToolCallRequest {
  const { call } = recalls.find((recall) => recall.key === "namedStrategies")!;
  return {
    id: `${recallPrefix}namedStrategies-${++lookups}`,
    name: call.name,
    input: { ids: [...shortIds], ...call.input },
  };
}

/** Calls a guess must never drive: moving a strategy between stages needs it named. */
const neverOnRecall = new Set(["promote_strategy"]);

/**
 * The lookups a message needs: those whose value this conversation lacks and that the plan,
 * made with placeholders, would use, or that read what the plan said it `needs` (a spec, which
 * no placeholder can stand in for). `plan` is the planner with everything else fixed.
 */
export function recallsNeeded(
  context: PlanContext,
  plan: (context: PlanContext) => PlannedCall[] | undefined,
  needs?: keyof PlanContext,
): ToolCallRequest[] {
  const missing = recalls.filter((recall) => context[recall.key] === undefined);
  if (missing.length === 0) return [];
  const filled = Object.assign({}, context, ...missing.map((recall) => recall.placeholder));
  const calls = plan(filled as PlanContext);
  if (calls?.some((call) => neverOnRecall.has(call.name))) return [];
  const text = JSON.stringify(calls ?? []);
  return missing
    .filter(
      (recall) =>
        (recall.marker !== undefined && text.includes(recall.marker)) ||
        (needs !== undefined && recall.provides?.includes(needs)),
    )
    .map((recall) => ({ id: `${recallPrefix}${recall.key}-${++lookups}`, ...recall.call }));
}

/** Numbers the lookups' call ids, which must differ within a thread. */
let lookups = 0;

const recallOf = (message: ChatMessage) =>
  message.role === "tool" && message.ok && message.toolCallId.startsWith(recallPrefix)
    ? recalls.find((recall) => message.toolCallId.startsWith(`${recallPrefix}${recall.key}-`))
    : undefined;

/** A lookup's call or its result: the steps of a turn that only looked up what it points at. */
export const isRecall = (message: ChatMessage) =>
  message.role === "assistant"
    ? message.toolCalls.length > 0 &&
      message.toolCalls.every((call) => call.id.startsWith(recallPrefix))
    : recallOf(message) !== undefined;

/**
 * What a lookup found, for the planner's context; undefined for any other message, and for a
 * lookup of an earlier turn whose finding is not kept.
 */
export function recalledBy(
  message: ChatMessage,
  earlierTurn: boolean,
): Partial<PlanContext> | undefined {
  const recall = recallOf(message);
  if (!recall || message.role !== "tool" || (earlierTurn && !recall.kept)) return undefined;
  return recall.read(JSON.parse(message.content) as Record<string, unknown>);
}

/** The reply's opening lines for this turn's lookups: what was taken, or that nothing is stored. */
export function recallNotes(turn: readonly ChatMessage[]): string[] {
  return turn.flatMap((message) => {
    const recall = recallOf(message);
    if (!recall || message.role !== "tool") return [];
    const output = JSON.parse(message.content) as Record<string, unknown>;
    const note = recall.read(output) ? recall.taken(output) : recall.none;
    return note ? [note] : [];
  });
}
