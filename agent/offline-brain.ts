import type { Tool } from "../tools/index.ts";
import type { Brain, BrainStep } from "./brain.ts";
import { currentTurn, type ChatMessage } from "./messages.ts";
import { offlineReply } from "./offline-reply.ts";
import { planTurn, type PlanContext } from "./planner/plan.ts";
import { expandShortIds, shortIdsIn } from "./short-ids.ts";
import {
  isRecall,
  namedStrategiesLookup,
  recalledBy,
  recallNotes,
  recallsNeeded,
} from "./stored-recall.ts";

/**
 * The brain with no model: the offline planner turns the user's message into tool calls, and
 * once they ran, the reply is put together from their results.
 */
export class OfflineBrain implements Brain {
  readonly name = "offline planner";
  readonly repliesFromToolResults = true;
  private callCount = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(messages: readonly ChatMessage[], _tools: readonly Tool[]): Promise<BrainStep> {
    const { user, after } = currentTurn(messages);
    if (!user) return Promise.resolve({ content: "Say something to begin.", toolCalls: [] });
    const notes = recallNotes(after);
    const compared = comparisonDue(user.content, after, this.now());
    if (compared)
      return Promise.resolve({
        content: "Comparing the backtests side by side.",
        toolCalls: [
          {
            id: `call-${++this.callCount}-${Date.now()}`,
            name: "compare_backtests",
            input: { backtestIds: compared },
          },
        ],
      });
    if (!after.every(isRecall))
      return Promise.resolve({
        content: [...notes, offlineReply(after.filter((message) => !isRecall(message)))].join(
          "\n\n",
        ),
        toolCalls: [],
      });
    const context = { ...recall(messages), nowMs: this.now() };
    // Short strategy ids ("validate 23d7f2304a5a") are looked up first and written out in full.
    const shortIds = shortIdsIn(user.content);
    let text = user.content;
    if (shortIds.length > 0 && !context.namedStrategies)
      return Promise.resolve({
        content: "Looking up the strategies the message names.",
        toolCalls: [namedStrategiesLookup(shortIds)],
      });
    if (shortIds.length > 0) {
      const expanded = expandShortIds(text, context.namedStrategies!);
      if ("problem" in expanded)
        return Promise.resolve({ content: expanded.problem, toolCalls: [] });
      text = expanded.text;
    }
    const planned = planTurn(text, context);
    if (planned.understood)
      return Promise.resolve({
        content: planned.summary,
        toolCalls: planned.calls.map((call) => ({
          id: `call-${++this.callCount}-${Date.now()}`,
          ...call,
        })),
      });
    const lookups =
      after.length > 0
        ? []
        : recallsNeeded(
            context,
            (filled) => {
              const again = planTurn(text, filled);
              return again.understood ? again.calls : undefined;
            },
            planned.needs,
          );
    if (lookups.length > 0)
      return Promise.resolve({
        content: "Looking up what the message points at.",
        toolCalls: lookups,
      });
    return Promise.resolve({ content: [...notes, planned.reply].join("\n\n"), toolCalls: [] });
  }
}

/**
 * The backtests this turn made, when its plan compares them once they ran ("compare SPY and
 * QQQ") and has not yet: at least two, each run without error.
 */
function comparisonDue(
  text: string,
  after: readonly ChatMessage[],
  nowMs: number,
): string[] | undefined {
  const results = after.flatMap((message) => (message.role === "tool" ? [message] : []));
  if (results.some((message) => message.name === "compare_backtests")) return undefined;
  const ids = results.flatMap((message) =>
    message.ok && message.name === "backtest_strategy"
      ? [String((JSON.parse(message.content) as { id: unknown }).id)]
      : [],
  );
  // Only a turn that made two backtests or more plans its message again, to see whether it compares.
  if (ids.length < 2) return undefined;
  const plan = planTurn(text, { nowMs });
  return plan.understood && plan.thenCompare ? ids : undefined;
}

/**
 * What earlier turns produced that a message may refer to ("validate the last strategy"), the
 * newest winning; a lookup of the store's newest (stored-recall.ts) counts as produced.
 */
function recall(messages: readonly ChatMessage[]): PlanContext {
  const context: PlanContext = {};
  const inputs = new Map<string, Record<string, unknown>>();
  const turnStart = messages.findLastIndex((message) => message.role === "user");
  for (const [index, message] of messages.entries()) {
    if (message.role === "assistant")
      for (const call of message.toolCalls) inputs.set(call.id, call.input);
    if (message.role !== "tool" || !message.ok) continue;
    const found = recalledBy(message, index < turnStart);
    if (found) {
      // A strategy looked up by id comes without its spec: an older one must not stand in.
      if (found.lastStrategyId !== undefined) {
        delete context.lastSpec;
        delete context.lastVariantOf;
        delete context.lastStrategyFindingId;
      }
      Object.assign(context, found);
      continue;
    }
    const output = JSON.parse(message.content) as Record<string, unknown>;
    if (message.name === "backtest_strategy") {
      const input = inputs.get(message.toolCallId);
      // A finding's strategy, and changes of it, were picked from the finding's scan.
      if (typeof input?.findingId === "string") context.lastStrategyFindingId = input.findingId;
      else if (input?.strategyId !== context.lastStrategyId) delete context.lastStrategyFindingId;
      context.lastBacktestId = String(output.id);
      context.lastStrategyId = String(output.strategyId);
      context.lastBacktestPeriod = periodOf(inputs.get(message.toolCallId));
      context.lastSpec = specOf(output.spec);
      context.lastVariantOf = (output.variantOf as { strategyId?: string } | undefined)?.strategyId;
      delete context.lastOptimizationId;
    }
    // Runs and stored runs shown, newest first: what "which one is better?" compares.
    if (message.name === "backtest_strategy" || message.name === "get_backtest") {
      const id = String(output.id);
      context.backtestIds = [id, ...(context.backtestIds ?? []).filter((other) => other !== id)];
    }
    // After a comparison "it" and "the better one" are its best.
    if (message.name === "compare_backtests" && typeof output.best === "string") {
      const best = (output.backtests as ComparedBacktest[]).find(({ id }) => id === output.best)!;
      context.lastBacktestId = best.id;
      context.lastStrategyId = best.strategyId;
      context.lastSpec = specOf(best.spec);
      const { startTime, endTime } = best.metrics;
      context.lastBacktestPeriod = {
        ...(startTime ? { start: startTime.slice(0, 10) } : {}),
        ...(endTime ? { end: endTime.slice(0, 10) } : {}),
      };
      delete context.lastVariantOf;
      delete context.lastOptimizationId;
      delete context.lastStrategyFindingId;
    }
    if (message.name === "compare_backtests") context.comparisonShownLast = true;
    else delete context.comparisonShownLast;
    // An optimization run or shown again: "it" is its best, "validate it" counts its trials.
    if (message.name === "optimize_strategy" || message.name === "get_optimization") {
      delete context.lastStrategyFindingId;
      context.lastOptimizationId = String(output.id);
      const best = output.best as { strategyId: unknown; spec: unknown };
      context.lastStrategyId = String(best.strategyId);
      context.lastSpec = specOf(best.spec);
      delete context.lastVariantOf;
      // A stored one's period is its own: validation then takes the stored bars whole.
      context.lastBacktestPeriod =
        message.name === "optimize_strategy" ? periodOf(inputs.get(message.toolCallId)) : {};
    }
    // A portfolio built or listed alone is what "its sharpe" and "rebalance it" mean next.
    const portfolios = message.name === "list_portfolios" ? output.portfolios : undefined;
    if (message.name === "construct_portfolio") context.portfolioShownLast = String(output.id);
    else if (Array.isArray(portfolios) && portfolios.length === 1)
      context.portfolioShownLast = String((portfolios[0] as { id: unknown }).id);
    else delete context.portfolioShownLast;
    if (message.name === "generate_code")
      context.codeShownLast = {
        strategyId: String(output.specHash),
        target: String(output.target),
        filename: String(output.filename),
      };
    else if (message.name !== "export_bars") delete context.codeShownLast;
    const sized = message.name === "size_position" ? sizedOrder(output) : undefined;
    if (sized) context.sizedLast = sized;
    else delete context.sizedLast;
    const sizing = message.name === "size_position" && inputs.get(message.toolCallId);
    if (sizing) context.sizingShownLast = sizing;
    else delete context.sizingShownLast;
    const denied = message.name === "propose_order" && output.status === "denied";
    if (denied) context.deniedLast = output.reason as { code: string; message: string };
    else delete context.deniedLast;
    // A list of findings, in the order shown, is what "the best one" and "#3" point into next.
    const listed = ["scan_markets", "list_findings"].includes(message.name) && output.findings;
    if (Array.isArray(listed)) {
      context.lastFindingIds = (listed as { id: unknown }[]).map((f) => String(f.id));
      context.findingsShownLast = true;
    } else delete context.findingsShownLast;
  }
  return context;
}

/**
 * The order a size_position result worked out, at the largest size the gate passes (a limit at
 * a given entry, as the gate checked it); else none.
 */
function sizedOrder(output: Record<string, unknown>): PlanContext["sizedLast"] {
  const { symbol, side, sized, gate } = output as {
    symbol: string;
    side: "buy" | "sell";
    sized: { quantity: number };
    gate: {
      order?: { limitPrice: number | null };
      passes: boolean;
      largestPassing: { quantity: number } | null;
    };
  };
  const quantity = gate.largestPassing?.quantity ?? (gate.passes ? sized.quantity : 0);
  const limitPrice = gate.order?.limitPrice ?? null;
  if (quantity <= 0) return undefined;
  return limitPrice === null ? { symbol, side, quantity } : { symbol, side, quantity, limitPrice };
}

/** What a compare_backtests result says of each backtest, as far as "the better one" needs. */
interface ComparedBacktest {
  id: string;
  strategyId: string;
  spec: unknown;
  metrics: { startTime: string | null; endTime: string | null };
}

/** A result's spec, when it has one (results stored before backtests returned theirs do not). */
const specOf = (spec: unknown) =>
  typeof spec === "object" && spec !== null ? (spec as Record<string, unknown>) : undefined;

/** The start and end a backtest call was given, as given. */
function periodOf(input: Record<string, unknown> | undefined): PlanContext["lastBacktestPeriod"] {
  const period: NonNullable<PlanContext["lastBacktestPeriod"]> = {};
  for (const key of ["start", "end"] as const) {
    const value = input?.[key];
    if (typeof value === "string" || typeof value === "number") period[key] = value;
  }
  return period;
}
