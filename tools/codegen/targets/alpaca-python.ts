import type { StrategySpec } from "../../../engine/strategy/spec.ts";
import { brokerRuntime } from "./alpaca-python/broker-runtime.ts";
import { commandRuntime } from "./alpaca-python/command-runtime.ts";
import { historyBars, liveProblems, liveSettings } from "./alpaca-python/live-settings.ts";
import { passRuntime } from "./alpaca-python/pass-runtime.ts";
import { mainRuntime } from "./python/main-runtime.ts";
import { moduleName, pythonTarget, renderPythonProgram, replayUsage } from "./python.ts";
import type { CodeTarget } from "./target.ts";

/**
 * A program on alpaca-py: `live` trades the strategy at Alpaca (paper unless --live), `replay`
 * backtests it on a CSV exactly as the python target does. Both judge the rules with the python
 * target's runtime, so the live signals are the code whose parity with the engine is proven.
 */
export const alpacaPythonTarget: CodeTarget = {
  // The python target's runtime is part of every file: its version is part of this one.
  generatorVersion: `1.0.0+python.${pythonTarget.generatorVersion}`,
  summary:
    "a Python program on alpaca-py: `live` trades the strategy at Alpaca (paper unless --live) in the opening auction after each day's signals, with protective stop, target and trailing orders; `replay bars.csv` prints the trades backtest_strategy would make, as the python target does",
  filename: (spec) => `${moduleName(spec)}_alpaca.py`,
  render(strategy, provenance) {
    const filename = alpacaPythonTarget.filename(strategy.spec);
    const usage = usageLines(strategy.spec, filename);
    return renderPythonProgram(strategy, provenance, {
      target: "alpaca-python",
      usage,
      notes: notes(strategy.spec, historyBars(strategy)),
      imports: [
        "import hashlib",
        "import os",
        "import urllib.parse",
        "from datetime import datetime, timedelta, timezone",
        "from time import sleep",
        "from types import SimpleNamespace",
      ],
      runtime: [
        mainRuntime.trim(),
        liveSettings(strategy, filename, usage.join("\n")),
        brokerRuntime.trim(),
        passRuntime.trim(),
        commandRuntime.trim(),
      ],
    });
  },
};

function usageLines(spec: StrategySpec, filename: string): string[] {
  return [
    "Usage:",
    `  python3 ${filename} live [--live] [--once] [--history-bars N] [--feed iex|sip]`,
    "    Trades the strategy at Alpaca with alpaca-py (pip install alpaca-py). Keys come from",
    "    APCA_API_KEY_ID and APCA_API_SECRET_KEY; it trades on paper (https://paper-api.alpaca.markets)",
    "    unless --live, which needs live keys and the live endpoint. APCA_API_BASE_URL and",
    "    APCA_API_DATA_URL override the endpoints (a proxy, a test server). Without --once it runs",
    "    until stopped. One JSON object per line on stdout logs every decision, order and answer;",
    "    bad configuration exits 2, an order or request Alpaca refused makes the exit status 1.",
    `  python3 ${filename} replay bars.csv [--initial-cash 100000] [--start DATE] [--end DATE]`,
    ...replayUsage(spec).map((line) => `  ${line}`),
  ];
}

function notes(spec: StrategySpec, bars: number): string[] {
  const problems = liveProblems(spec);
  return [
    "A live pass, once a day when the market has closed (opening-auction orders are taken from",
    "19:00 to 09:28 New York time, by Alpaca's clock): it fetches the last completed daily bars,",
    `${bars} of them, adjusted for splits and dividends like the backtest's, computes the signals with`,
    "the same code replay runs (its parity with backtest_strategy is tested bar for bar), and",
    "compares them with the positions at Alpaca:",
    "  - an entry signal on a symbol held flat: a market order for the next opening auction (time",
    "    in force opg), the bar model's next open, sized as the backtest sizes it from the account's",
    "    equity, never borrowing;",
    "  - an exit signal or the time exit (bars counted from the entry's bar) on a position it",
    "    opened: its protective orders cancelled, a market order for the next opening auction;",
    "  - a position it opened, once the entry has filled: the spec's stop loss and take profit (an",
    "    OCO order when both) and trailing stop, good till cancelled, at the levels the bar model",
    "    sets from the fill. Running without --once, it places them two minutes after the open.",
    "Every order carries a client_order_id made of the spec hash, the symbol, the signal bar's date",
    "and the kind of order, so a rerun finds what was sent and never sends it twice. Positions it",
    "did not open are left alone.",
    "",
    "Where trading at Alpaca differs from the backtest:",
    "  - the opening auction's price is not the daily bar's open, slippage is what the market",
    "    gives (SLIPPAGE_RATE and FEE_RATE only size orders), and an auction order can fill partly",
    "    or not at all;",
    "  - quantities are whole shares sized from the signal bar's close, as the open is not known:",
    "    floor(notional / (close x (1 + SLIPPAGE_RATE) x (1 + FEE_RATE)));",
    "  - equity and the no-borrowing cap are the whole account's: give the strategy an account",
    "    of its own;",
    "  - protective orders are in place once the entry has filled, not from the entry bar's open;",
    "    a stop fills at the market after it triggers; Alpaca's trailing stop follows every trade,",
    "    the bar model's follows bar highs (lows); a trailing stop combined with a stop loss or a",
    "    take profit is one stop order at the tighter level, moved after each close;",
    "  - recursive indicators (EMA, Wilder's smoothing) depend faintly on where history starts,",
    "    and the IEX feed's volumes are not the consolidated tape's.",
    ...(problems.length === 0
      ? []
      : [
          "",
          "This strategy cannot trade live (replay works):",
          ...problems.map((p) => `  - ${p}.`),
        ]),
  ];
}
