import type { LoweredExit, LoweredSizing, LoweredStrategy } from "../../lower-strategy.ts";
import type { CompiledSeries } from "./compile-series.ts";
import { indented, pineFloat, pineString } from "./syntax.ts";

/** Ids of the orders the strategy places; they name the trades in the Strategy Tester. */
export const orderIds = {
  entry: "Entry",
  /** Stop and target on the entry's first bar, from distances (its fill price is not known yet). */
  entryBarExit: "Protect on entry bar",
  /** Stop and target from the next close on, at the backtest's levels. */
  exit: "Protect",
} as const;

/** The order logic and what it adds to the runtime. */
export interface CompiledOrders {
  /** Global series the orders read (sizing), declared with the strategy's other series. */
  series: string[];
  lines: string[];
  calls: string[];
  historyBars: number;
}

/**
 * The bar model in Pine. The script runs on each bar's close; what it orders there fills at the
 * next bar's open. Flat: an entry signal sizes and places the entry, with its protective exit.
 * Holding: the protective levels follow the backtest (fixed at the fill, the trailing stop
 * ratcheted once per bar from the best price so far); an exit signal or the time exit closes the
 * position at the next open. Alerts go out on the close that decides, as the backtest decides.
 */
export function compileOrders(strategy: LoweredStrategy, compiled: CompiledSeries): CompiledOrders {
  const long = strategy.direction === 1;
  const protective = [strategy.stopLoss, strategy.takeProfit, strategy.trailingStop].some(
    (exit) => exit !== null,
  );
  const usesAtr = [strategy.stopLoss, strategy.takeProfit, strategy.trailingStop].some(
    (exit) => exit?.kind === "atr",
  );
  const sizing = sizingOf(strategy.sizing);
  const lines = [
    "// Orders. What the script orders on a bar's close fills at the next bar's open.",
    "bool flat = strategy.position_size == 0",
  ];
  if (protective) {
    lines.push(
      "// A trade that closed during this bar without a market exit ordered on the bar before was",
      "// closed by its stop, target or trailing stop.",
      "var bool exitOrdered = false",
      "bool protectiveExit = strategy.closedtrades > nz(strategy.closedtrades[1]) and not exitOrdered",
      "exitOrdered := false",
      "if protectiveExit and alertsOn",
      `    alert(alertBody("exit"), alert.freq_once_per_bar_close)`,
      ...levelDeclarations(strategy),
    );
  }
  const held = holding(strategy, compiled, long, protective);
  const entry = indented(entering(strategy, compiled, long, sizing.notional));
  if (held.length > 0)
    lines.push("if not flat", ...indented(held), "else if entryRule == RULE_TRUE", ...entry);
  else
    lines.push(
      "// No exit rule, time exit or protective exit: a position, once open, stays open.",
      "if flat and entryRule == RULE_TRUE",
      ...entry,
    );
  return {
    series: sizing.series,
    lines,
    calls: sizing.calls,
    // The signal bar's ATR is read on the next bar; the volatility target reads lookback + 1 closes.
    historyBars: Math.max(
      usesAtr ? 1 : 0,
      strategy.sizing.kind === "volatilityTarget" ? strategy.sizing.lookbackBars + 1 : 0,
    ),
  };
}

function sizingOf(sizing: LoweredSizing): {
  series: string[];
  calls: string[];
  notional: string;
} {
  // The backtest caps a new position by buying power: equity minus gross position value (0 while flat).
  switch (sizing.kind) {
    case "fraction":
      return {
        series: [],
        calls: [],
        notional: `math.min(${pineFloat(sizing.fraction)} * equity, equity)`,
      };
    case "notional":
      return { series: [], calls: [], notional: `math.min(${pineFloat(sizing.notional)}, equity)` };
    case "volatilityTarget":
      return {
        series: [
          `// Sizing: the fraction of equity that targets ${sizing.annualVolatilityPercent}% annual volatility.`,
          `float sizeFraction = volatilityTargetFraction(${pineFloat(sizing.annualVolatilityPercent)}, ${sizing.lookbackBars}, ${pineFloat(sizing.maxFractionOfEquity)}, ${sizing.barsPerYear})`,
        ],
        calls: ["volatilityTargetFraction"],
        notional: "math.min(sizeFraction * equity, equity)",
      };
  }
}

function levelDeclarations(strategy: LoweredStrategy): string[] {
  const lines = [
    "// Protective levels, fixed as the backtest fixes them at the entry fill.",
    "var float entryFill = na",
  ];
  if (strategy.stopLoss !== null) lines.push("var float stopLevel = na");
  if (strategy.takeProfit !== null) lines.push("var float targetLevel = na");
  if (strategy.trailingStop !== null) {
    if (strategy.trailingStop.kind === "atr") lines.push("var float trailDistance = na");
    lines.push("var float trailExtreme = na");
  }
  return lines;
}

/** The Pine expression of an exit's distance from `reference`, with the ATR `barsAgo` bars back. */
function distance(
  exit: LoweredExit,
  reference: string,
  compiled: CompiledSeries,
  barsAgo: number,
): string {
  if (exit.kind === "percent") return `${reference} * ${pineFloat(exit.percent)} / 100`;
  const atr = compiled.valueOf(exit.atr);
  return `${pineFloat(exit.multiple)} * ${barsAgo === 0 ? atr : `${atr}[${barsAgo}]`}`;
}

function holding(
  strategy: LoweredStrategy,
  compiled: CompiledSeries,
  long: boolean,
  protective: boolean,
): string[] {
  const lines: string[] = [];
  // Long stops sit below the fill and targets above it; short ones the other way.
  const [below, above] = long ? ["-", "+"] : ["+", "-"];
  if (protective) {
    const first = [
      "// The position opened at this bar's open. The backtest's fill is TradingView's moved by",
      "// the slippage against the trade; its levels are measured from that fill.",
      `entryFill := strategy.position_avg_price * (1 ${long ? "+" : "-"} SLIPPAGE_RATE)`,
    ];
    // The signal bar is the bar before this one: its ATR is [1] here.
    if (strategy.stopLoss !== null)
      first.push(
        `stopLevel := entryFill ${below} ${distance(strategy.stopLoss, "entryFill", compiled, 1)}`,
      );
    if (strategy.takeProfit !== null)
      first.push(
        `targetLevel := entryFill ${above} ${distance(strategy.takeProfit, "entryFill", compiled, 1)}`,
      );
    if (strategy.trailingStop !== null) {
      if (strategy.trailingStop.kind === "atr")
        first.push(`trailDistance := ${distance(strategy.trailingStop, "", compiled, 1)}`);
      first.push("trailExtreme := entryFill");
    }
    first.push(`strategy.cancel(${pineString(orderIds.entryBarExit)})`);
    lines.push("if strategy.opentrades.entry_bar_index(0) == bar_index", ...indented(first));
    lines.push(...protectiveOrder(strategy, long, below));
  }
  const exitCondition: string[] = [];
  if (compiled.exit !== null) exitCondition.push("exitRule == RULE_TRUE");
  if (strategy.timeExitBars !== null) {
    lines.push("int barsHeld = bar_index - strategy.opentrades.entry_bar_index(0) + 1");
    exitCondition.push("barsHeld >= TIME_EXIT_BARS");
  }
  if (exitCondition.length > 0) {
    const comment =
      compiled.exit !== null && strategy.timeExitBars !== null
        ? `exitRule == RULE_TRUE ? "Exit rule" : "Time exit"`
        : compiled.exit !== null
          ? `"Exit rule"`
          : `"Time exit"`;
    lines.push(
      `if ${exitCondition.join(" or ")}`,
      `    strategy.close(ENTRY_ID, comment = ${comment}, alert_message = alertBody("exit"))`,
      ...(protective ? ["    exitOrdered := true"] : []),
      "    if alertsOn",
      `        alert(alertBody("exit"), alert.freq_once_per_bar_close)`,
    );
  }
  return lines;
}

/** The stop and target for the next bar, at the backtest's levels. */
function protectiveOrder(strategy: LoweredStrategy, long: boolean, below: string): string[] {
  const lines: string[] = [];
  let stop: string | null = strategy.stopLoss === null ? null : "stopLevel";
  const trailing = strategy.trailingStop;
  if (trailing !== null) {
    const trailDistance =
      trailing.kind === "percent"
        ? `trailExtreme * ${pineFloat(trailing.percent)} / 100`
        : "trailDistance";
    lines.push(
      "// The trailing stop follows the best price so far, once per bar, from the next bar on.",
      `trailExtreme := ${long ? "math.max(trailExtreme, high)" : "math.min(trailExtreme, low)"}`,
      `float trailingStop = trailExtreme ${below} ${trailDistance}`,
    );
    if (stop === null) stop = "trailingStop";
    else {
      // The tighter of the stop loss and the trailing stop.
      lines.push(
        `float stopPrice = trailingStop ${long ? ">" : "<"} stopLevel ? trailingStop : stopLevel`,
      );
      stop = "stopPrice";
    }
  }
  const levels = [
    ...(stop === null ? [] : [`stop = ${stop}`]),
    ...(strategy.takeProfit === null ? [] : ["limit = targetLevel"]),
  ];
  lines.push(
    `strategy.exit(${pineString(orderIds.exit)}, from_entry = ENTRY_ID, ${levels.join(", ")}, disable_alert = true)`,
  );
  return lines;
}

function entering(
  strategy: LoweredStrategy,
  compiled: CompiledSeries,
  long: boolean,
  notional: string,
): string[] {
  const atrExits = [strategy.stopLoss, strategy.takeProfit, strategy.trailingStop].filter(
    (exit): exit is Extract<LoweredExit, { kind: "atr" }> => exit?.kind === "atr",
  );
  // The backtest skips an entry whose ATR distance is undefined on the signal bar.
  const defined = [...new Set(atrExits.map((exit) => `not na(${compiled.valueOf(exit.atr)})`))];
  const lines = [
    "// The backtest sizes the position at the fill, from the next open; an order must be sized",
    "// before that open is known, so this close stands in for it.",
    `float fillEstimate = close * (1 ${long ? "+" : "-"} SLIPPAGE_RATE)`,
    "float equity = strategy.equity",
    "// Capped by the equity while flat: the backtest uses no leverage.",
    `float notional = ${notional}`,
    `if not na(notional) and notional > 0${defined.map((condition) => ` and ${condition}`).join("")}`,
    ...indented([
      `float quantity = notional / (fillEstimate * (1 + FEE_RATE))`,
      `strategy.entry(ENTRY_ID, ${long ? "strategy.long" : "strategy.short"}, qty = quantity, alert_message = alertBody("entry"))`,
      ...entryBarExit(strategy, compiled),
      "if alertsOn",
      `    alert(alertBody("entry"), alert.freq_once_per_bar_close)`,
    ]),
  ];
  return lines;
}

/**
 * The protective exit for the entry's first bar, as distances from TradingView's entry price (the
 * next open, not known yet): the backtest's levels sit at the fill ± a distance, and its fill is
 * that open moved by the slippage against the trade, so the distance from the open is the level's
 * distance less (stop) or plus (target) the slippage. Percent distances are measured from this
 * close's estimate of the fill.
 */
function entryBarExit(strategy: LoweredStrategy, compiled: CompiledSeries): string[] {
  const { stopLoss, takeProfit, trailingStop } = strategy;
  if (stopLoss === null && takeProfit === null && trailingStop === null) return [];
  const lines = [
    `strategy.cancel(${pineString(orderIds.exit)})`,
    "float slipDistance = close * SLIPPAGE_RATE",
  ];
  const distances: string[] = [];
  // On the entry bar the trailing stop trails the fill itself, so it is a stop at its distance.
  const stops = [stopLoss, trailingStop]
    .filter((exit): exit is LoweredExit => exit !== null)
    .map((exit) => distance(exit, "fillEstimate", compiled, 0));
  if (stops.length > 0) {
    lines.push(
      `float stopDistance = ${stops.length === 1 ? stops[0] : `math.min(${stops.join(", ")})`}`,
    );
    distances.push("loss = math.max(0, stopDistance - slipDistance) / syminfo.mintick");
  }
  if (takeProfit !== null) {
    lines.push(`float targetDistance = ${distance(takeProfit, "fillEstimate", compiled, 0)}`);
    distances.push("profit = (targetDistance + slipDistance) / syminfo.mintick");
  }
  lines.push(
    `strategy.exit(${pineString(orderIds.entryBarExit)}, from_entry = ENTRY_ID, ${distances.join(", ")}, disable_alert = true)`,
  );
  return lines;
}
