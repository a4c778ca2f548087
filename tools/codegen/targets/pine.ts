import type { LoweredStrategy } from "../lower-strategy.ts";
import { compileOrders } from "./pine/orders.ts";
import { compileSeries, maxHistoryBars } from "./pine/compile-series.ts";
import { header } from "./pine/header.ts";
import { indicatorFunctions } from "./pine/indicator-functions.ts";
import { selectPineFunctions } from "./pine/library.ts";
import { seriesFunctions } from "./pine/series-functions.ts";
import { pythonTarget } from "./python.ts";
import { commentLines, pineFloat, pineInt, pineString } from "./pine/syntax.ts";
import type { CodeTarget, Provenance } from "./target.ts";

const library = [...indicatorFunctions, ...seriesFunctions];

/** Seconds per bar of each timeframe, as timeframe.in_seconds() reports the chart's. */
export const secondsPerBar: Record<string, number> = {
  "1m": 60,
  "5m": 300,
  "15m": 900,
  "1h": 3600,
  "1d": 86_400,
};

/** The longest universe text the script carries to check its chart's symbol. */
const maxUniverseText = 4000;

/**
 * A TradingView Pine Script v6 strategy: the backtester's signals and bar model on a chart, and
 * alerts whose JSON body Alphadesk's /webhooks/tradingview turns into proposed orders.
 */
export const pineTarget: CodeTarget = {
  generatorVersion: "1.0.0",
  summary:
    "a TradingView Pine Script v6 strategy with the backtest's signals, sizing and exits, whose alert() calls post JSON (webhook secret in the body) to Alphadesk's /webhooks/tradingview; the file explains the alert setup",
  // The python target's name for the strategy: one name across targets.
  filename: (spec) => pythonTarget.filename(spec).replace(/\.py$/, ".pine"),
  render(strategy, provenance) {
    const barDate = strategy.spec.timeframe === "1d" ? "time_tradingday" : "time";
    const series = compileSeries(strategy, barDate);
    const orders = compileOrders(strategy, series);
    const historyBars = Math.max(series.historyBars, orders.historyBars);
    if (historyBars > maxHistoryBars)
      throw new RangeError(
        `the pine target reads at most ${maxHistoryBars} bars of history (Pine's max_bars_back); the volatility target's lookback needs ${historyBars}`,
      );
    const runtime = selectPineFunctions(library, [...series.calls, ...orders.calls]);
    return [
      ["//@version=6", ...header(strategy, provenance)].join("\n"),
      declaration(strategy, historyBars).join("\n"),
      settings(strategy, provenance).join("\n"),
      alerts.join("\n"),
      "// The runtime: the backtester's indicators, rules and sizing, bar by bar.",
      ...runtime.map((definition) => definition.code),
      checks(strategy).join("\n"),
      [
        "// The strategy's series, each once, on every bar.",
        ...series.lines,
        ...orders.series,
        ...(orders.series.length > 0 ? [""] : []),
        ...commentLines(
          "Rules, judged on each bar's close: RULE_TRUE fires, RULE_UNKNOWN never does.",
        ),
        ...series.entryComment,
        `int entryRule = ${series.entry}`,
        ...series.exitComment,
        ...(series.exit === null ? [] : [`int exitRule = ${series.exit}`]),
      ].join("\n"),
      orders.lines.join("\n"),
    ]
      .join("\n\n")
      .concat("\n");
  },
};

/**
 * The strategy() settings that reproduce the bar model: one run per bar on its close, orders
 * filling at the next open, the spec's fee as a percent commission, one position at a time,
 * quantities set by the script, no margin calls.
 */
function declaration(strategy: LoweredStrategy, historyBars: number): string[] {
  const { spec } = strategy;
  const settings = [
    pineString(spec.name),
    "overlay = true",
    "initial_capital = 100000",
    "default_qty_type = strategy.fixed",
    "default_qty_value = 1",
    "pyramiding = 0",
    "calc_on_every_tick = false",
    "calc_on_order_fills = false",
    "process_orders_on_close = false",
    "commission_type = strategy.commission.percent",
    `commission_value = ${pineFloat(spec.costs.feeBps / 100)}`,
    "slippage = 0",
    "margin_long = 0",
    "margin_short = 0",
    "backtest_fill_limits_assumption = 0",
    "fill_orders_on_standard_ohlc = true",
    "use_bar_magnifier = false",
    ...(historyBars > 1 ? [`max_bars_back = ${pineInt(historyBars)}`] : []),
  ];
  return [
    "// Runs once per bar, on its close; orders fill at the next bar's open. Commission: the fee of",
    `// ${spec.costs.feeBps} bps per fill, in percent. Slippage 0 ticks: see the header. The script sets every`,
    "// quantity; one position at a time; no margin calls.",
    ...(historyBars > 1
      ? [`// max_bars_back: the longest history the indicators read (${historyBars} bars).`]
      : []),
    "strategy(",
    ...settings.map((setting, index) => `  ${setting}${index === settings.length - 1 ? ")" : ","}`),
  ];
}

function settings(strategy: LoweredStrategy, provenance: Provenance): string[] {
  const { spec } = strategy;
  // TradingView writes BTC/USD as BTCUSD: both forms are accepted, in any case.
  const tickers = [
    ...new Set(
      spec.universe.flatMap((symbol) =>
        [symbol, symbol.replace(/\//g, "")].map((text) => text.toUpperCase()),
      ),
    ),
  ];
  const universe = `,${tickers.join(",")},`;
  if (universe.length > maxUniverseText)
    throw new RangeError(
      `the pine target runs one chart per symbol; a universe of ${spec.universe.length} symbols is too long for one script (${universe.length} characters of symbols, at most ${maxUniverseText}): split it`,
    );
  return [
    "// The strategy's settings, from its spec.",
    `STRATEGY_ID = ${pineString(provenance.specHash)}`,
    `GENERATOR_VERSION = ${pineString(provenance.generatorVersion)}`,
    `UNIVERSE = ${pineString(universe)}`,
    `SIDE = ${pineString(spec.side)}`,
    'ENTRY_ID = "Entry"',
    `FEE_RATE = ${pineFloat(strategy.feeRate)} // ${spec.costs.feeBps} bps of notional per fill`,
    `SLIPPAGE_RATE = ${pineFloat(strategy.slippageRate)} // ${spec.costs.slippageBps} bps against every market and stop fill`,
    ...(strategy.timeExitBars === null
      ? []
      : [
          `TIME_EXIT_BARS = ${pineInt(strategy.timeExitBars)} // bars held, the entry bar included`,
        ]),
    "// Rules are three-valued: UNKNOWN while an input is undefined (a warm-up) never fires.",
    "RULE_FALSE = 0",
    "RULE_TRUE = 1",
    "RULE_UNKNOWN = 2",
  ];
}

const alerts = [
  "// Alerts to Alphadesk (see the header). The secret is an input, never part of this file.",
  'webhookSecret = input.string("", "Webhook secret", display = display.none,',
  '  tooltip = "The secret of your Alphadesk TradingView webhook: every alert\'s body carries it. Empty: no alerts are sent.")',
  'bool alertsOn = webhookSecret != ""',
  "",
  "// Any text as a JSON string.",
  "jsonString(string value) =>",
  `    '"' + str.replace_all(str.replace_all(value, "\\\\", "\\\\\\\\"), '"', '\\\\"') + '"'`,
  "",
  "// The body Alphadesk's /webhooks/tradingview reads: an action decided on this bar's close.",
  "alertBody(string action) =>",
  `    string sender = '{"secret":' + jsonString(webhookSecret) + ',"strategyId":"' + STRATEGY_ID + '"'`,
  `    string trade = ',"symbol":' + jsonString(syminfo.ticker) + ',"action":"' + action + '","side":"' + SIDE + '"'`,
  `    string signalBar = ',"barTime":' + str.tostring(time, "0") + ',"price":' + str.tostring(close, "0.##########") + '}'`,
  "    sender + trade + signalBar",
];

function checks(strategy: LoweredStrategy): string[] {
  const { spec } = strategy;
  const seconds = secondsPerBar[spec.timeframe];
  if (seconds === undefined)
    throw new RangeError(`the pine target has no timeframe ${spec.timeframe}`);
  return [
    "// The strategy was tested on its universe and timeframe: refuse any other chart.",
    "if barstate.isfirst",
    '    if not str.contains(UNIVERSE, "," + str.upper(syminfo.ticker) + ",")',
    `        runtime.error("This strategy trades ${pineString(spec.universe.join(", ")).slice(1, -1)}; this chart shows " + syminfo.ticker + ".")`,
    `    if timeframe.in_seconds() != ${seconds}`,
    `        runtime.error("This strategy runs on ${spec.timeframe} bars; this chart's timeframe is " + timeframe.period + ".")`,
    "if barstate.islastconfirmedhistory and not alertsOn",
    '    log.warning("No webhook secret is set (Settings > Inputs): this strategy sends no alerts.")',
  ];
}
