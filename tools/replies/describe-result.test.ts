import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";
import { codeTargetNames } from "../codegen/generate.ts";
import { describeRunSteps } from "./code.ts";

describe("list_strategies", () => {
  it("gives a line per strategy with its stage and latest backtest, numbers as the tool gave them", () => {
    const reply = describeResult("list_strategies", {
      strategies: [
        { id: "a".repeat(64), name: "Fresh idea", stage: "backtest", latestBacktest: null },
        {
          id: "b".repeat(64),
          name: "SMA 20/50 crossover",
          stage: "small_live",
          latestBacktest: {
            totalReturn: -0.1464,
            sharpe: -0.04,
            maxDrawdown: 0.3376,
            trades: 13,
          },
        },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "2 stored strategies, newest first:",
      "- Fresh idea (backtest): not backtested",
      `  id ${"a".repeat(64)}`,
      "- SMA 20/50 crossover (small live): latest backtest: total return -14.64%, Sharpe -0.04, max drawdown 33.76%, 13 trades",
      `  id ${"b".repeat(64)}`,
    ]);
  });

  it("says how to make one when none is stored", () => {
    expect(describeResult("list_strategies", { strategies: [] })).toMatch(
      /^No strategies stored yet: backtest one first/,
    );
  });
});

const order = (side: string, quantity: number, symbol: string) => ({
  side,
  quantity,
  symbol,
  type: "market",
  limitPrice: null,
  broker: "paper-sim",
  live: false,
});

describe("list_approvals", () => {
  it("names each order or batch, who may decide it until when, and how", () => {
    const pending = {
      state: "pending",
      approvers: ["cli", "U1"],
      expiresAt: "2026-12-02T23:26:48.590Z",
      decidedBy: null,
    };
    const reply = describeResult("list_approvals", {
      approvals: [{ ...pending, id: "ap-1", order: { ...order("buy", 10, "SPY"), live: true } }],
      batches: [
        {
          ...pending,
          id: "ba-1",
          state: "approved",
          decidedBy: "U1",
          broker: "paper-sim",
          live: false,
          orders: [
            order("sell", 5, "AAA"),
            { ...order("buy", 2, "BBB"), type: "limit", limitPrice: 9.5 },
          ],
        },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "1 order approval and 1 rebalance batch, newest first:",
      "- pending: LIVE buy 10 SPY at market on paper-sim; cli or U1 may decide until 2026-12-02 23:26 UTC [approval ap-1]",
      "- approved: rebalance of 2 orders on paper-sim (sell 5 AAA at market, buy 2 BBB limit 9.5); approved by U1 [batch ba-1]",
      "Decide one on its card in chat, or in a terminal with `npx alphadesk approve <id>`.",
    ]);
  });

  it("says so when there is none", () => {
    expect(describeResult("list_approvals", { approvals: [], batches: [] })).toBe(
      "No approvals to show.",
    );
  });
});

const finding = (id: string, sharpe: number | null, trades: number) => ({
  id,
  pattern: "pairs",
  symbols: ["KITE", "MES"],
  direction: "long_short",
  qValue: 0.0000296,
  outOfSample: { sharpe, trades },
  specFidelity: "proxy",
  decayed: null,
});

describe("list_orders", () => {
  const order = {
    clientOrderId: "aaaaaaaa-1111-4111-8111-111111111111",
    state: "submitted",
    side: "buy",
    quantity: 5,
    symbol: "ACME",
    type: "limit",
    limitPrice: 73,
    filledQuantity: 0,
    averageFillPrice: null,
    rejectReason: null,
  };

  it("names the states and time asked for, also when no order has them", () => {
    const open = { states: ["submitted", "partially_filled"], since: null };
    expect(describeResult("list_orders", { orders: [], ...open })).toBe(
      "No submitted or partially filled orders.",
    );
    expect(
      describeResult("list_orders", { orders: [], states: null, since: "2025-01-02T00:00:00Z" }),
    ).toBe("No orders since 2025-01-02 00:00 UTC.");
    expect(describeResult("list_orders", { orders: [], states: null, since: null })).toBe(
      "No orders yet.",
    );
    expect(describeResult("list_orders", { orders: [order], ...open })).toBe(
      [
        "1 submitted or partially filled order(s), newest first:",
        `- submitted: buy 5 ACME limit 73 [${order.clientOrderId}]`,
      ].join("\n"),
    );
  });
});

describe("scan_markets and list_findings", () => {
  it("gives the scan's counts and its first five findings, then how to see the rest", () => {
    const findings = ["1", "2", "3", "4", "5", "6", "7"].map((id) => finding(id, 1.529, 2));
    const reply = describeResult("scan_markets", {
      symbolsScanned: 58,
      candidatesTested: 2626,
      findings,
      decayed: 1,
    }).split("\n");
    expect(reply[0]).toBe(
      "Scanned 58 symbols (2626 candidates tested): 7 findings survived the multiple-testing correction, 1 earlier finding no longer holds.",
    );
    expect(reply[1]).toBe(
      "- #1 pairs KITE & MES (long/short): q 3.0e-5, out of sample Sharpe 1.53 over 2 trades, spec is a proxy",
    );
    expect(reply.slice(6)).toEqual([
      '… and 2 more: "show the latest findings".',
      'Backtest one with "backtest finding #1", or validate it against every candidate its scan tested with "validate finding #1".',
      'A pairs finding\'s spec trades one leg as a proxy; "pairs trade KITE and MES" backtests the spread itself, both legs.',
    ]);
  });

  it("with nothing found, says what came closest and why it is no finding", () => {
    const scan = { symbolsScanned: 8, candidatesTested: 28, findings: [], decayed: 0, alpha: 0.05 };
    const miss = {
      pattern: "pairs",
      symbols: ["ADA/USD", "AVAX/USD"],
      direction: "long_short",
      qValue: 0.3512,
      reason: "q_above_alpha",
      outOfSample: { sharpe: 0.4, trades: 3 },
    };
    const unconfirmed = { ...miss, symbols: ["SPY"], direction: "short", qValue: 0.031 };
    expect(
      describeResult("scan_markets", {
        ...scan,
        nearMisses: [miss, { ...unconfirmed, reason: "not_confirmed" }],
      }).split("\n"),
    ).toEqual([
      "Scanned 8 symbols (28 candidates tested): 0 findings survived the multiple-testing correction.",
      "Closest, none of them a finding:",
      "- pairs ADA/USD & AVAX/USD (long/short): q 0.35, above 0.05 once all 28 candidates are counted",
      "- pairs SPY (short): q 0.031, but it did not hold out of sample after costs (Sharpe 0.40 over 3 trades)",
    ]);
    expect(describeResult("scan_markets", { ...scan, nearMisses: [] }).split("\n")[1]).toBe(
      "No candidate reached p <= 0.05 even before the correction.",
    );
  });

  it("lists stored findings, or says how to get some", () => {
    const reply = describeResult("list_findings", {
      findings: [{ ...finding("9", null, 1), decayed: "2026-11-30T10:00:00.000Z" }],
    });
    expect(reply.split("\n")).toEqual([
      "1 stored finding:",
      "- #9 pairs KITE & MES (long/short): q 3.0e-5, out of sample Sharpe n/a over 1 trade, spec is a proxy, decayed 2026-11-30",
      'Backtest one with "backtest finding #9", or validate it against every candidate its scan tested with "validate finding #9".',
      'A pairs finding\'s spec trades one leg as a proxy; "pairs trade KITE and MES" backtests the spread itself, both legs.',
    ]);
    expect(describeResult("list_findings", { findings: [] })).toMatch(
      /^No findings stored: run a scan first/,
    );
  });
});

describe("compute_correlations", () => {
  it("gives the level against its baseline, the strongest pairs and the latest regime change", () => {
    const reply = describeResult("compute_correlations", {
      symbols: ["SPY", "QQQ", "GLD"],
      window: 60,
      asOf: "2024-12-31T00:00:00.000Z",
      averageCorrelation: 0.847606,
      firstEigenShare: 0.923803,
      baseline: { averageCorrelation: 0.906685, firstEigenShare: null },
      strongestPairs: {
        positive: [{ a: "SPY", b: "QQQ", correlation: 0.9461 }],
        negative: [{ a: "SPY", b: "GLD", correlation: -0.2049 }],
      },
      events: [
        {
          time: "2024-02-15T00:00:00.000Z",
          metric: "averageCorrelation",
          direction: "fall",
          value: 0.8,
          baseline: 0.951,
        },
      ],
      newEvents: 1,
    });
    expect(reply.split("\n")).toEqual([
      "Correlations of 3 symbols over 60 bars to 2024-12-31: average 0.85 (baseline 0.91), first eigenvalue's share 92.4% (baseline n/a).",
      "Most correlated: SPY/QQQ 0.95.",
      "Most negatively correlated: SPY/GLD -0.20.",
      "Latest regime change: the average correlation fell to 0.80 against a baseline of 0.95 on 2024-02-15 (1 event listed, 1 new).",
    ]);
  });

  it("ranks the others against a focus symbol instead of naming pairs", () => {
    const others = ["QQQ", "DIA", "IWM", "XLK", "XLF", "GLD", "IEF", "TLT"];
    const reply = describeResult("compute_correlations", {
      symbols: ["SPY", ...others],
      window: 60,
      asOf: "2024-12-31T00:00:00.000Z",
      averageCorrelation: 0.5,
      firstEigenShare: 0.6,
      baseline: { averageCorrelation: null, firstEigenShare: null },
      strongestPairs: { positive: [], negative: [] },
      focus: {
        symbol: "SPY",
        correlations: others.map((symbol, rank) => ({ symbol, correlation: 0.95 - rank * 0.2 })),
      },
      events: [],
      newEvents: 0,
    });
    expect(reply.split("\n").slice(1)).toEqual([
      "Most correlated with SPY: QQQ 0.95, DIA 0.75, IWM 0.55, XLK 0.35, XLF 0.15.",
      "Least correlated with SPY: TLT -0.45, IEF -0.25, GLD -0.05.",
      "No regime change in the history.",
    ]);
  });
});

describe("validate_strategy", () => {
  it("gives the verdict, the key numbers in words and the failed rules, critical first", () => {
    const rule = (title: string, severity: string, status: string) => ({
      title,
      severity,
      status,
      message: `${title} says why`,
    });
    const reply = describeResult("validate_strategy", {
      strategyId: "c".repeat(64),
      reportId: "3",
      version: 2,
      verdict: "fail",
      counts: { pass: 1, warn: 1, fail: 2, skip: 0 },
      keyNumbers: [{ text: "Sharpe 0.70: modest risk-adjusted returns" }],
      rules: [
        rule("Costs are modelled", "warning", "fail"),
        rule("Enough trades", "warning", "warn"),
        rule("Mean daily return is significant", "critical", "fail"),
        rule("History is long enough", "critical", "pass"),
      ],
    });
    expect(reply.split("\n")).toEqual([
      "Validation of strategy cccccccccccc… (report 3, version 2): FAIL, 1 rule passed, 1 warned, 2 failed, 0 did not apply.",
      "- Sharpe 0.70: modest risk-adjusted returns",
      "Failed:",
      "- [critical] Mean daily return is significant: Mean daily return is significant says why",
      "- Costs are modelled: Costs are modelled says why",
    ]);
  });
});

describe("currency_strength and market_calendar", () => {
  it("ranks the currencies strongest first with signed scores", () => {
    const reply = describeResult("currency_strength", {
      asOf: "2024-12-31T00:00:00.000Z",
      horizon: 20,
      ranking: [
        { currency: "EUR", score: -0.0177, rank: 2 },
        { currency: "JPY", score: 0.019867, rank: 1 },
      ],
    });
    expect(reply.split("\n")[1]).toBe("JPY +1.99%, EUR -1.77%");
  });

  it("says whether a market is open and until when, or counts a range's sessions", () => {
    const at = { market: "NYSE", at: "2026-12-02T23:29:41.000Z" };
    const times = { nextOpen: "2026-12-03T14:30:00.000Z", nextClose: "2026-12-03T21:00:00.000Z" };
    expect(describeResult("market_calendar", { ...at, open: false, ...times })).toBe(
      "NYSE is closed at 2026-12-02 23:29 UTC; it opens at 2026-12-03 14:30 UTC and closes at 2026-12-03 21:00 UTC.",
    );
    expect(describeResult("market_calendar", { ...at, open: true, ...times })).toBe(
      "NYSE is open at 2026-12-02 23:29 UTC; it closes at 2026-12-03 21:00 UTC.",
    );
    const session = (date: string, earlyClose = false) => ({
      date,
      open: "",
      close: "",
      earlyClose,
    });
    expect(
      describeResult("market_calendar", {
        market: "NYSE",
        sessions: [session("2026-11-25"), session("2026-11-27", true)],
      }),
    ).toBe("NYSE: 2 sessions from 2026-11-25 to 2026-11-27; early closes on 2026-11-27.");
  });
});

describe("optimize_strategy", () => {
  it("gives the best parameters, the runners-up, walk-forward and ladder, and how to validate", () => {
    const trial = (fast: number, slow: number, value: number) => ({
      params: { fast, slow },
      value,
    });
    const reply = describeResult("optimize_strategy", {
      id: "opt-1",
      objective: "Sharpe ratio",
      sampler: "tpe",
      space: { fast: { int: [5, 20] }, slow: { int: [50, 200], step: 10 } },
      best: {
        params: { fast: 13, slow: 72 },
        objective: 0.754613,
        metrics: { cagr: 0.0965536, maxDrawdown: 0.156905, trades: 9 },
      },
      trialsRun: 60,
      pruned: 45,
      failed: 5,
      failures: [
        { reason: "made no trades, so the objective is undefined", trials: 4 },
        { reason: "left the objective undefined", trials: 1 },
      ],
      top: [
        trial(13, 72, 0.754613),
        trial(12, 171, 0.7012),
        trial(12, 171, 0.7012),
        trial(9, 60, 0.5),
      ],
      walkForward: {
        mode: "rolling",
        efficiency: 0.2611,
        windows: [{}, {}],
        drift: { fast: { relativeRange: 0.98 } },
        outOfSampleReturn: 0.0857,
      },
      ladder: { chosen: { level: 3, reason: "level 3 has the best out-of-sample objective" } },
    });
    expect(reply.split("\n")).toEqual([
      "Optimization opt-1: tpe over 60 trials (45 pruned, 5 failed), objective Sharpe ratio.",
      // 16 fast periods by 16 slow ones (50, 60, ... 200).
      "Searched fast 5-20 and slow 50-200 step 10: 256 combinations.",
      "Failed: 4 made no trades, so the objective is undefined; 1 left the objective undefined.",
      "Best: fast 13, slow 72, objective 0.75; CAGR 9.66%, max drawdown 15.69%, 9 trades.",
      "Next best: fast 12, slow 171 (0.70); fast 9, slow 60 (0.50).",
      "Walk-forward (rolling, 2 windows): efficiency 0.26 (below 0.5: out of sample it kept little of its in-sample return, a sign the search fit noise), out-of-sample return 8.57%; the chosen parameters spread by fast 98%.",
      "Complexity ladder: level 3 has the best out-of-sample objective.",
      'Check it before trusting it: "validate it" (in another conversation, "validate optimization opt-1").',
    ]);
  });
  it("says what it searched, and when a request found its trials stored (a stopped run resumed, or one done)", () => {
    const optimization = (resumed: number, space: object = { fast: { int: [5, 50] } }) =>
      describeResult("optimize_strategy", {
        id: "opt-2",
        objective: "Sharpe ratio",
        sampler: "tpe",
        space,
        best: { params: { fast: 9 }, objective: 1.2, metrics: null },
        trialsRun: 300,
        resumed,
        pruned: 0,
        failed: 0,
        top: [],
      }).split("\n");
    expect(optimization(120)[2]).toBe(
      "Resumed: 120 trials stored by an earlier run that stopped; the other 180 ran now.",
    );
    expect(optimization(300)[2]).toBe(
      "Every trial was stored by an earlier run of this request: nothing ran again.",
    );
    expect(optimization(0)[2]).toMatch(/^Best: fast 9/);
    expect(optimization(0)[1]).toBe("Searched fast 5-50: 46 combinations.");
    const walkedForward = describeResult("optimize_strategy", {
      id: "opt-3",
      objective: "Sharpe ratio",
      sampler: "tpe",
      space: { fast: { int: [5, 50] } },
      best: { params: { fast: 9 }, objective: 1.2, metrics: null },
      trialsRun: 30,
      pruned: 0,
      failed: 0,
      top: [],
      walkForward: {
        mode: "anchored",
        efficiency: 0.5,
        windows: [{}],
        drift: {},
        outOfSampleReturn: 0.1,
      },
    });
    expect(walkedForward).toContain(
      "efficiency 0.50 (0.5 or more: out of sample it kept enough of its in-sample return to count as robust)",
    );
    // A grid of 46 points that ran 30 trials searched only part of it; the whole of it, all.
    const grid = (trialsRun: number) =>
      describeResult("optimize_strategy", {
        id: "opt-4",
        objective: "Sharpe ratio",
        sampler: "grid",
        space: { fast: { int: [5, 50] } },
        best: { params: { fast: 9 }, objective: 1.2, metrics: null },
        trialsRun,
        pruned: 0,
        failed: 0,
        top: [],
      }).split("\n")[1];
    expect(grid(30)).toBe(
      "Searched fast 5-50: 46 combinations. The grid walks them in order: the 30 trials reached only part of it; more trials (or the tpe sampler) cover the rest.",
    );
    expect(grid(46)).toBe("Searched fast 5-50: 46 combinations.");
    // A continuous range has no count of combinations.
    const continuous = {
      stop: { logFloat: [0.01, 0.1] },
      side: { categorical: ["long", "short", "both"] },
    };
    expect(optimization(0, continuous)[1]).toBe(
      "Searched stop 0.01-0.1 (log scale) and side long, short or both.",
    );
  });
});

describe("the strategy lifecycle and sector rotation in words", () => {
  it("says whether a promotion happened and lists every check", () => {
    const reply = describeResult("promote_strategy", {
      from: "paper",
      to: "small_live",
      promoted: false,
      checks: [
        { name: "validator", passed: true, required: "a pass", actual: "version 3: pass" },
        { name: "paper days", passed: false, required: "at least 20", actual: "4" },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "Not promoted: the strategy stays at paper, because a check for small live failed.",
      "- met: validator (needs: a pass; found: version 3: pass)",
      "- NOT MET: paper days (needs: at least 20; found: 4)",
    ]);
  });

  it("gives a line per strategy past backtest, or says there is none", () => {
    const row = {
      name: "Trend",
      stage: "small_live",
      daysInStage: 12,
      state: "active",
      trades: 4,
      pnl: -120.5,
      gapToBacktest: -0.0123,
      correlationToPortfolio: 0.31,
    };
    expect(describeResult("strategy_status", { strategies: [row] })).toBe(
      "- Trend (small live, 12 days, active): 4 trades, P&L -120.50, gap to backtest -1.23%, correlation to the rest 0.31",
    );
    expect(describeResult("strategy_status", { strategies: [] })).toMatch(
      /^No strategy promoted past backtest yet/,
    );
  });

  it("gives the explanation whole", () => {
    const text = "What it does\nBuys dips.\n\nRisks\nFalling knives.";
    expect(describeResult("explain_strategy", { text, facts: [] })).toBe(text);
  });

  it("ranks the sectors per horizon, groups the quadrants and lists the signals", () => {
    const reply = describeResult("sector_rotation", {
      asOf: "2024-12-31T00:00:00.000Z",
      benchmark: "SPY",
      horizons: [
        {
          horizonBars: 21,
          ranks: [
            { symbol: "XLI", relativeStrength: 0.04126 },
            { symbol: "XLU", relativeStrength: -0.0531 },
          ],
        },
      ],
      quadrants: [
        { symbol: "XLI", quadrant: "leading" },
        { symbol: "XLU", quadrant: "lagging" },
        { symbol: "XLK", quadrant: "lagging" },
      ],
      signals: [{ description: "XLU moved from weakening to lagging over the last 5 bars" }],
    });
    expect(reply.split("\n")).toEqual([
      "Sector strength against SPY to 2024-12-31, strongest first:",
      "- 21 bars: XLI +4.1%, XLU -5.3%",
      "Quadrants: leading XLI; lagging XLU, XLK.",
      "Signal: XLU moved from weakening to lagging over the last 5 bars.",
    ]);
  });
});

describe("data and code results in words", () => {
  it("says what a demo market stored and what to try", () => {
    expect(
      describeResult("generate_demo_market", {
        imported: 2520,
        symbols: [{ symbol: "ACME" }, { symbol: "SPY" }],
        corporateActions: 1,
        firstTime: "2020-01-02T00:00:00.000Z",
        lastTime: "2024-12-31T00:00:00.000Z",
        note: "Synthetic data.",
      }).split("\n"),
    ).toEqual([
      "Stored 2520 daily bars of 2 symbols from 2020-01-02 to 2024-12-31, with 1 split or dividend. Synthetic data.",
      'Try: "backtest a 20/50 moving average crossover on SPY" or "scan the markets".',
    ]);
  });

  it("lists universes, and says whether the audit trail verifies and where it breaks", () => {
    expect(
      describeResult("list_universes", {
        universes: [
          { name: "mine", description: "", symbols: ["AAA"], builtin: false },
          {
            name: "index-etfs",
            description: "Broad US index ETFs",
            symbols: ["SPY", "QQQ"],
            builtin: true,
          },
        ],
      }).split("\n"),
    ).toEqual([
      "2 universes:",
      "- mine (1 symbol)",
      "- index-etfs (2 symbols, built in): Broad US index ETFs",
    ]);
    expect(describeResult("verify_audit_log", { ok: true, rows: 1 })).toBe(
      "The audit trail is intact: 1 entry checked, every hash recomputed.",
    );
    expect(
      describeResult("verify_audit_log", {
        ok: false,
        rows: 12,
        firstBadId: "7",
        problem: "was altered: its hash does not match its content",
      }),
    ).toBe(
      "The audit trail does NOT verify: entry 7 was altered: its hash does not match its content (12 entries checked).",
    );
  });

  it("names a generated program without printing it, and says how to run it", () => {
    const program = (target: string, filename: string) =>
      describeResult("generate_code", {
        code: "line 1\nline 2\n",
        filename,
        target,
        specHash: "d".repeat(64),
        generatorVersion: "1.0.0",
      }).split("\n");
    expect(program("python", "sma.py")).toEqual([
      "Generated sma.py (python, generator 1.0.0, 3 lines) for strategy dddddddddddd….",
      "Run it: python3 sma.py bars.csv (bars in the import_bars CSV format) prints the trades its backtest makes.",
      'Step by step, with the check against the backtest: "how do I run it?"',
    ]);
    expect(program("alpaca-typescript", "sma.ts")[1]).toMatch(
      /^Replay it with npx tsx sma\.ts replay bars\.csv; npx tsx sma\.ts live trades at Alpaca/,
    );
    expect(program("pine", "sma.pine")[1]).toContain(
      "TRADINGVIEW_WEBHOOK_SECRET, run alphadesk serve behind HTTPS",
    );
    // Every target the generator writes has its line, and its steps for "how do I run it?".
    for (const target of codeTargetNames) {
      expect(program(target, "x")).toHaveLength(3);
      const steps = describeRunSteps(target, "x").split("\n");
      expect(steps.filter((line) => /^\d\. /.test(line)).length, target).toBeGreaterThanOrEqual(2);
    }
  });

  it("describes a symbol's standing in full and a ranking a line each", () => {
    const row = (symbol: string, day: number | null, relativeVolume: number | null) => ({
      symbol,
      lastTime: "2024-12-31T00:00:00.000Z",
      close: 633.6,
      change: {
        day,
        week: 0.0247,
        month: 0.0143,
        quarter: 0.068,
        year: 0.0493,
        yearToDate: 0.0493,
      },
      high52w: 644.15,
      low52w: 529.55,
      fromHigh: 633.6 / 644.15 - 1,
      fromLow: 633.6 / 529.55 - 1,
      averageVolume: relativeVolume === null ? null : 2_093_700,
      relativeVolume,
      volatility: 0.1687,
    });
    const one = describeResult("market_snapshot", {
      sortBy: "day",
      order: "desc",
      total: 1,
      symbols: [row("SPY", -0.0079, 0.59)],
      missing: [],
      stale: [],
    }).split("\n");
    expect(one).toEqual([
      "SPY closed at 633.6 on 2024-12-31 (its last stored daily bar).",
      "Change: day -0.79%, week +2.47%, month +1.43%, 3 months +6.80%, year +4.93%, year to date +4.93%.",
      "52-week range 529.55 to 644.15: 1.64% below the high, 19.65% above the low.",
      "Volume 1.24M against a 20-session average of 2.09M (0.59x); volatility of the last 20 sessions 16.87% a year.",
    ]);
    const withBeta = describeResult("market_snapshot", {
      sortBy: "day",
      order: "desc",
      total: 1,
      symbols: [{ ...row("QQQ", 0.01, 1.2), beta: 1.0234, correlation: 0.9012 }],
      missing: [],
      stale: [],
    });
    expect(withBeta.split("\n").at(-1)).toBe(
      "Against SPY over the last year of daily returns: beta 1.02 (it moved 1.02% for each 1% of SPY, on average), correlation 0.90.",
    );
    const ranked = describeResult("market_snapshot", {
      sortBy: "week",
      order: "asc",
      total: 3,
      symbols: [row("TLT", 0.01, null), row("QQQ", -0.02, 1.8)],
      missing: ["DIA"],
      stale: Array.from({ length: 9 }, (_, i) => `M${i}`),
    }).split("\n");
    expect(ranked[0]).toBe(
      "3 symbols by the week's change, smallest first, as of their last closes, 2024-12-31 (the first 2):",
    );
    expect(ranked[1]).toBe(
      "- TLT 633.6: day +1.00%, week +2.47%, month +1.43%, year to date +4.93%; 1.64% below its 52-week high",
    );
    expect(ranked[2]).toContain("; volume 1.80x its average");
    expect(ranked.slice(3)).toEqual([
      "No daily bars are stored for DIA: left out.",
      "Left out: 9 symbols whose last bar is over a week older than the newest (an expired contract, a delisted name).",
    ]);
  });

  it("lists the generated programs newest first, or says how to make one", () => {
    const generation = (at: string, target: string, filename: string) => ({
      generationId: "g",
      at,
      actor: "slack:U1",
      strategyId: "d".repeat(64),
      strategyName: "SMA 20/50 crossover",
      target,
      generatorVersion: "1.0.0",
      contentHash: "e".repeat(64),
      filename,
      bytes: 2048,
    });
    expect(
      describeResult("code_history", {
        generations: [
          generation("2026-12-02T23:16:41.123Z", "pine", "sma.pine"),
          generation("2026-12-01T09:00:00.000Z", "python", "sma.py"),
        ],
      }).split("\n"),
    ).toEqual([
      "2 generated programs, newest first:",
      "- 2026-12-02 23:16 UTC: sma.pine (pine, generator 1.0.0, program eeeeeeeeeeee…) of SMA 20/50 crossover (strategy dddddddddddd…), asked by slack:U1",
      "- 2026-12-01 09:00 UTC: sma.py (python, generator 1.0.0, program eeeeeeeeeeee…) of SMA 20/50 crossover (strategy dddddddddddd…), asked by slack:U1",
    ]);
    expect(describeResult("code_history", { generations: [] })).toBe(
      'No program generated yet: make one with "generate python code for the last strategy".',
    );
  });

  it("says which universe was saved or replaced, with its first symbols", () => {
    const universe = (symbols: string[], description: string) => ({
      name: "my-tech",
      description,
      symbols,
      builtin: false,
    });
    expect(
      describeResult("define_universe", {
        universe: universe(["AAPL", "MSFT", "NVDA"], ""),
        created: true,
      }),
    ).toBe("Saved universe my-tech (3 symbols: AAPL, MSFT, NVDA).");
    const many = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"];
    expect(
      describeResult("define_universe", {
        universe: universe(many, "What I watch."),
        created: false,
      }),
    ).toBe(
      "Replaced universe my-tech (10 symbols: A, B, C, D, E, F, G, H and 2 more): What I watch.",
    );
  });
});

describe("research and the kill switch in words", () => {
  it("lists documents found, best first, or says how to get some", () => {
    const hit = {
      title: "Fed holds rates",
      url: "https://example.com/fed",
      snippet: "The committee decided to keep the target range.",
      source: "example.com",
      credibility: 0.9,
      publishedAt: "2026-11-30T15:00:00.000Z",
    };
    expect(
      describeResult("search_research", {
        results: [hit, { ...hit, title: "Older note", publishedAt: null }],
        notice: "no embedder: words only",
      }).split("\n"),
    ).toEqual([
      "1. Fed holds rates (example.com, credibility 0.90, 2026-11-30)",
      "   The committee decided to keep the target range.",
      "   https://example.com/fed",
      "2. Older note (example.com, credibility 0.90)",
      "   The committee decided to keep the target range.",
      "   https://example.com/fed",
      "Note: no embedder: words only",
    ]);
    expect(describeResult("search_research", { results: [] })).toMatch(
      /^No stored research matches/,
    );
  });

  it("says what a read stored and why a source failed", () => {
    expect(
      describeResult("ingest_research", {
        fetched: 3,
        stored: 2,
        failed: 1,
        notDue: 1,
        sources: [
          { name: "a.example", stored: 2, failed: 0 },
          { name: "b.example", stored: 0, failed: 1, problem: "robots.txt could not be read" },
        ],
      }).split("\n"),
    ).toEqual([
      "Read 2 sources: 3 documents fetched, 2 stored, 1 failed; 1 source not due yet.",
      "- b.example: robots.txt could not be read",
    ]);
    expect(describeResult("add_research_source", { id: "4", created: false })).toBe(
      "That URL is already research source 4: nothing changed.",
    );
  });

  it("says trading is halted, who may lift it, and each step, failures marked", () => {
    expect(
      describeResult("kill_switch", {
        halted: true,
        steps: [
          { step: "halt_flag", ok: true, detail: "raised" },
          { step: "broker", ok: false, detail: "the broker did not answer" },
        ],
      }).split("\n"),
    ).toEqual([
      "Trading is HALTED: nothing new passes the risk gate. Only a person lifts it: `alphadesk resume` in a terminal.",
      "- halt_flag: raised",
      "- broker: FAILED, the broker did not answer",
    ]);
  });

  it("gives the digest's own summary (the faces draw the digest itself)", () => {
    expect(describeResult("research_digest", { summary: "Nothing new.", sections: [] })).toBe(
      "Nothing new.",
    );
  });
});

describe("a portfolio in words", () => {
  it("lists weights largest first with their risk shares, then cash, and how to rebalance", () => {
    const a = "a".repeat(64);
    expect(
      describeResult("construct_portfolio", {
        id: "p-1",
        objective: "riskParity",
        weights: { [a]: 0.3764, B: 0.5236 },
        cash: 0.1,
        expectedReturn: 0.0552,
        volatility: 0.1289,
        sharpe: 0.428,
        riskContributions: { [a]: 0.5, B: 0.5 },
        observations: 1257,
        strategies: [{ strategyId: a, name: "Trend" }],
      }).split("\n"),
    ).toEqual([
      "Portfolio p-1 (riskParity, from 1257 daily returns per asset): expected return 5.52% a year, volatility 12.89%, Sharpe 0.43.",
      "- B: weight 52.36%, risk share 50.00%",
      "- Trend (aaaaaaaaaaaa…): weight 37.64%, risk share 50.00%",
      "- cash: 10.00%",
      'Bring an account to these weights with "rebalance portfolio p-1".',
    ]);
  });
});

describe("performance in context in words", () => {
  it("gives the comparisons as the tool wrote them, each regime's returns, and the complexity note", () => {
    const row = (name: string, totalReturn: number | null) => ({
      key: name,
      name,
      days: 835,
      totalReturn,
    });
    expect(
      describeResult("performance_context", {
        name: "Trend",
        period: { start: "2020-01-02T00:00:00.000Z", end: "2024-12-31T00:00:00.000Z" },
        strategy: { metrics: { totalReturn: 0.524, maxDrawdown: 0.1234, trades: 1 } },
        comparisons: ["Against buy and hold SPY: total return +52.4% vs +97.5%."],
        market: { symbol: "SPY", beta: 0.4512, correlation: 0.6, returns: 1257 },
        regimes: {
          reference: "SPY",
          splits: [
            { label: "Uptrend", results: [row("Strategy", 0.2193), row("SPY", -0.051)] },
            {
              label: "Downtrend",
              results: [
                { ...row("Strategy", 0), days: 0 },
                { ...row("SPY", 0), days: 0 },
              ],
            },
          ],
        },
        complexity: { summary: "No complexity ladder is stored." },
        notes: ["Costs are not modelled."],
      }).split("\n"),
    ).toEqual([
      "Trend made +52.4% from 2020-01-02 to 2024-12-31 (worst fall 12.3%, 1 closed trade).",
      "- Against buy and hold SPY: total return +52.4% vs +97.5%.",
      "With SPY's daily moves: beta 0.45, correlation 0.60, over 1257 days.",
      "Uptrend by SPY, 835 days: Strategy +21.9%, SPY -5.1%",
      "No downtrend by SPY in the period.",
      "No complexity ladder is stored.",
      "Costs are not modelled.",
    ]);
  });

  it("leads with a loss as a loss and a flat period as flat, whatever the question assumed", () => {
    const lead = (totalReturn: number, trades: number) =>
      describeResult("performance_context", {
        name: "Dip",
        period: { start: "2022-01-03T00:00:00.000Z", end: "2022-12-30T00:00:00.000Z" },
        strategy: { metrics: { totalReturn, maxDrawdown: 0.2, trades } },
        comparisons: [],
        regimes: { reference: "SPY", splits: [] },
        complexity: { summary: "" },
        notes: [],
      }).split("\n")[0];
    expect(lead(-0.1464, 13)).toBe(
      "Dip lost 14.6% from 2022-01-03 to 2022-12-30 (worst fall 20.0%, 13 closed trades).",
    );
    expect(lead(0, 0)).toBe(
      "Dip was flat from 2022-01-03 to 2022-12-30 (worst fall 20.0%, 0 closed trades).",
    );
  });
});

describe("a diff of generated programs in words", () => {
  const program = (hash: string, version: string) => ({
    contentHash: hash.repeat(64),
    strategyId: "s",
    strategyName: "Trend",
    target: "python",
    generatorVersion: version,
    filename: "trend.py",
  });
  it("names both programs and prints the whole diff", () => {
    const diff = `--- a\n+++ b\n@@ -1 +1 @@\n-x = 1\n+x = 2\n${" ".repeat(500)}\n`;
    const text = describeResult("diff_generated_code", {
      from: program("a", "1.0.0"),
      to: program("b", "1.1.0"),
      identical: false,
      linesAdded: 1,
      linesRemoved: 1,
      diff,
    });
    expect(text).toBe(
      `From trend.py (generator 1.0.0, aaaaaaaaaaaa…) to trend.py (generator 1.1.0, bbbbbbbbbbbb…): 1 line added, 1 removed.\n${diff.trimEnd()}`,
    );
  });
  it("says when they are identical", () => {
    expect(
      describeResult("diff_generated_code", {
        from: program("a", "1.0.0"),
        to: program("a", "1.0.0"),
        identical: true,
        linesAdded: 0,
        linesRemoved: 0,
        diff: "",
      }),
    ).toBe(
      "trend.py (generator 1.0.0, aaaaaaaaaaaa…) and trend.py (generator 1.0.0, aaaaaaaaaaaa…) are identical.",
    );
  });
});

describe("describeResult's length cap", () => {
  it("cuts a long description where asked, saying so, and leaves a short one whole", () => {
    const output = { text: "x".repeat(50) };
    expect(describeResult("explain_strategy", output, 10)).toBe(
      "xxxxxxxxxx\n… (cut here: the result itself holds the rest)",
    );
    expect(describeResult("explain_strategy", output, 50)).toBe("x".repeat(50));
  });
});
