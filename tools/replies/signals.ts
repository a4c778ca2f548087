import { figure, signed, utc } from "./format.ts";

interface Signals {
  strategyId: string;
  name: string;
  side: "long" | "short";
  symbols: {
    symbol: string;
    lastBar: string;
    close: number;
    position: {
      side: "long" | "short";
      quantity: number;
      since: string;
      entryPrice: number;
      unrealizedReturn: number;
    } | null;
    entrySignal: boolean;
    exitSignal: boolean | null;
    action: "enter" | "exit" | "hold" | "wait";
  }[];
  stale: boolean;
}

type Row = Signals["symbols"][number];

/** What the rules do at the next open, in words. */
function actionWords(row: Row, side: "long" | "short"): string {
  const held = row.position;
  if (held) {
    const holding = `holds ${held.side} since ${utc(held.since).slice(0, 10)} at ${figure(held.entryPrice)} (${signed(held.unrealizedReturn)})`;
    return row.action === "exit"
      ? `${holding}; the exit rule holds: it ${held.side === "long" ? "sells" : "buys back"} at the next open`
      : `${holding}; ${row.exitSignal === null ? "no exit rule" : "no exit signal"}: it holds`;
  }
  return row.action === "enter"
    ? `no position; the entry rule holds: it ${side === "long" ? "buys" : "sells short"} at the next open`
    : "no position and no entry signal: it waits";
}

/** strategy_signals: per symbol, what the rules hold and do at the next open. */
export function describeSignals(result: Signals): string {
  const newest = result.symbols
    .map((row) => row.lastBar)
    .sort()
    .at(-1)!;
  const lines = [
    `Signals of "${result.name}" (${result.strategyId.slice(0, 12)}…) at the close of ${utc(newest).slice(0, 10)}:`,
    ...result.symbols.map(
      (row) =>
        `- ${row.symbol} (close ${figure(row.close)}${row.lastBar === newest ? "" : `, its last bar ${utc(row.lastBar).slice(0, 10)}`}): ${actionWords(row, result.side)}.`,
    ),
  ];
  if (result.stale)
    lines.push(
      `Note: the newest stored bar is from ${utc(newest).slice(0, 10)}, not today's: fetch newer bars (fetch_bars) before acting on these.`,
    );
  lines.push(
    "These are the rules' signals, not advice: stops, targets and time exits act inside the next bars too, and nothing is ordered until you propose an order and approve it.",
  );
  return lines.join("\n");
}

interface DeskSignals {
  strategies: (Signals & {
    stage: "backtest" | "paper" | "small_live" | "full_live";
    lastBar: string;
  })[];
  unread: { strategyId: string; name: string; problem: string }[];
}

const stageWords = {
  backtest: "backtest",
  paper: "paper",
  small_live: "small live",
  full_live: "full live",
} as const;

/** desk_signals: each trading strategy's symbols that act at the next open, and how many wait. */
export function describeDeskSignals(result: DeskSignals): string {
  const { strategies, unread } = result;
  if (strategies.length === 0 && unread.length === 0)
    return "No strategy trades at paper or live yet: promote_strategy moves one to paper after a validator pass.";
  const count = strategies.length + unread.length;
  const lines = [
    `Signals of the ${count === 1 ? "strategy" : `${count} strategies`} at paper or live, at their newest stored closes:`,
  ];
  for (const strategy of strategies) {
    const stale = strategy.stale ? "; stale: fetch newer bars before acting on these" : "";
    lines.push(
      `- "${strategy.name}" (${strategy.strategyId.slice(0, 12)}…, ${stageWords[strategy.stage]}, close of ${utc(strategy.lastBar).slice(0, 10)}${stale}):`,
    );
    const acting = strategy.symbols.filter((row) => row.action !== "wait");
    for (const row of acting)
      lines.push(
        `  - ${row.symbol} (close ${figure(row.close)}): ${actionWords(row, strategy.side)}.`,
      );
    const waiting = strategy.symbols.length - acting.length;
    if (waiting > 0)
      lines.push(
        acting.length === 0
          ? `  - no position and no entry signal on ${waiting === 1 ? strategy.symbols[0]!.symbol : `any of its ${waiting} symbols`}: it waits.`
          : `  - ${waiting} more ${waiting === 1 ? "symbol" : "symbols"} without a position or an entry signal: it waits there.`,
      );
  }
  for (const { name, strategyId, problem } of unread)
    lines.push(`- "${name}" (${strategyId.slice(0, 12)}…): no signals: ${problem}.`);
  lines.push(
    "These are the rules' signals, not orders: \"trade my strategies\" (propose_strategy_orders) proposes what they call for, each for a human's approval.",
  );
  return lines.join("\n");
}
