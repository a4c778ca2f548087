import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indicatorCatalog } from "../../engine/indicators/catalog.ts";
import { findTool, tools } from "../../tools/index.ts";
import { parseToolInput } from "../../tools/run-tool.ts";
import { extractPeriod } from "./dates.ts";
import { phrasingContext, phrasings, refusals } from "./phrasings.ts";
import { generalExamples, planTurn } from "./plan.ts";
import { indicatorOf, indicatorWordList } from "./strategy.ts";
import { symbolsIn, universeIn } from "./symbols.ts";
import { normalize } from "./text.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const contextOf = (row: { context?: object }) => ({ ...phrasingContext, ...row.context });

describe("the phrasing table", () => {
  it("has at least 60 rows and one for every registry tool", () => {
    expect(phrasings.length).toBeGreaterThanOrEqual(60);
    const covered = new Set(phrasings.flatMap((row) => row.calls.map((call) => call.name)));
    const uncovered = tools.map((tool) => tool.name).filter((name) => !covered.has(name));
    expect(uncovered).toEqual([]);
  });

  it.each(phrasings.map((row) => [row.message, row] as const))(
    "every expected input passes its tool's schema: %s",
    (_, row) => {
      for (const call of row.calls) {
        const tool = findTool(call.name);
        expect(tool, call.name).toBeDefined();
        expect(() => parseToolInput(tool!, call.input)).not.toThrow();
      }
    },
  );

  it.each(phrasings.map((row) => [row.message, row] as const))("plans %s", (message, row) => {
    const turn = planTurn(message, contextOf(row));
    if (!turn.understood) throw new Error(`not understood:\n${turn.reply}`);
    expect(turn.calls).toEqual(row.calls);
    expect(turn.summary).not.toMatch(/\n/);
    expect(turn.summary.length).toBeGreaterThan(10);
  });
});

describe("plans that go on once their calls ran", () => {
  it("compares the symbols' backtests once they ran, and only then", () => {
    const compared = planTurn("compare SPY and QQQ", phrasingContext);
    expect(compared).toMatchObject({ understood: true, thenCompare: true });
    const alone = planTurn("backtest a 20/50 moving average crossover on SPY", phrasingContext);
    expect(alone).toMatchObject({ understood: true });
    expect(alone).not.toHaveProperty("thenCompare");
  });
});

describe("what the planner does not understand", () => {
  it.each(refusals.map((row) => [row.message, row] as const))(
    "%s gets a reply naming the problem, with examples",
    (message, row) => {
      const turn = planTurn(message, contextOf(row));
      expect(turn.understood).toBe(false);
      if (turn.understood) return;
      for (const words of row.mentions)
        expect(turn.reply.toLowerCase()).toContain(words.toLowerCase());
      const examples = turn.reply.split("\n").filter((line) => line.startsWith("- "));
      expect(examples.length).toBeGreaterThanOrEqual(5);
      expect(examples.length).toBeLessThanOrEqual(8);
    },
  );

  it.each([
    ["stop", ["Nothing is running in this conversation, so nothing was stopped"]],
    ["cancel the scan", ["a scan then stores nothing", "Ctrl-C in the terminal"]],
    ["stop the optimization!", ["an optimization keeps its trials"]],
    ["cancel it", ["Nothing is running", '"cancel my AAPL order"', '"stop all trading"']],
  ])(
    "answers %s, with nothing running, with how to stop long work and cancel orders",
    (message, words) => {
      const turn = planTurn(message, phrasingContext);
      expect(turn.understood).toBe(false);
      if (turn.understood) return;
      for (const word of words) expect(turn.reply).toContain(word);
    },
  );

  it.each(["why was it denied?", "why not?", "what went wrong?", "why did it fail?"])(
    "answers %s right after a denial with the gate's reason and what to do",
    (message) => {
      const context = {
        ...phrasingContext,
        deniedLast: { code: "SHORT_SALE", message: "SHORT_SALE: selling 5 SPY more than held" },
      };
      const turn = planTurn(message, context);
      expect(turn.understood).toBe(false);
      if (turn.understood) return;
      expect(turn.reply).toContain("failed the SHORT_SALE check: selling 5 SPY more than held.");
      expect(turn.reply).toContain("sell at most what you hold");
    },
  );

  it.each([
    ["python", "how do I run it?", ["Python 3 and nothing else", "python3 rsi_dip.py bars.csv"]],
    [
      "alpaca-python",
      "how do I use this code?",
      [
        "pip install alpaca-py",
        "python3 rsi_dip.py replay bars.csv",
        "not through Alphadesk's risk gate",
      ],
    ],
    [
      "alpaca-typescript",
      "how can I test it?",
      ["npm install @alpacahq/alpaca-trade-api@", "npx tsx rsi_dip.py live --once"],
    ],
    [
      "pine",
      "how do I set up this script?",
      ["Pine Editor", "Strategy Tester", "TRADINGVIEW_WEBHOOK_SECRET"],
    ],
    ["quantconnect", "how do I run the code", ["main.py", "lean backtest"]],
    ["mt5", "how to run it", ["MQL5/Experts/rsi_dip.py", "InpSymbols"]],
  ])(
    "answers how to run a %s program right after it was generated: %s",
    (target, message, words) => {
      const context = {
        ...phrasingContext,
        codeShownLast: { strategyId: "a".repeat(64), target, filename: "rsi_dip.py" },
      };
      const turn = planTurn(message, context);
      expect(turn.understood).toBe(false);
      if (turn.understood) return;
      expect(turn.reply).toMatch(new RegExp(`^How to run rsi_dip.py \\(${target}\\):\\n1\\. `));
      for (const word of words) expect(turn.reply).toContain(word);
    },
  );

  it.each([
    "reduce the risk of my portfolio",
    "how can I lower my portfolio's risk?",
    "make my portfolio safer",
  ])(
    "answers %s with how to measure the risk and rebuild, each suggestion one it understands",
    (message) => {
      const turn = planTurn(message, phrasingContext);
      expect(turn.understood).toBe(false);
      if (turn.understood) return;
      expect(turn.answered).toBe(true);
      const suggested = [...turn.reply.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
      expect(suggested).toHaveLength(3);
      for (const suggestion of suggested)
        expect(planTurn(suggestion, phrasingContext).understood, suggestion).toBe(true);
    },
  );

  it.each(["never mind", "forget it", "scratch that"])(
    "answers %s with nothing done",
    (message) => {
      expect(planTurn(message, phrasingContext)).toEqual({
        understood: false,
        reply: "OK: nothing done.",
      });
    },
  );

  it("answers how to paper trade it with the words that do it, and promotes nothing", () => {
    const turn = planTurn("how do I paper trade it?", phrasingContext);
    expect(turn.understood).toBe(false);
    if (turn.understood) return;
    expect(turn.answered).toBe(true);
    expect(turn.reply).toContain('Say "promote it to paper"');
    expect(turn.reply).toContain("20 NYSE sessions and 10 filled orders");
    expect(planTurn("promote it to paper", phrasingContext).understood).toBe(true);
  });

  it.each([
    ["how do I connect my broker?", ["BROKER", "alpaca-paper", "APCA_API_KEY_ID", "approval"]],
    ["how do I connect slack", ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "npx alphadesk serve"]],
    ["set up discord", ["DISCORD_TOKEN", "APPROVERS=discord:"]],
    ["how can I use this from claude desktop?", ["claude_desktop_config.json", "mcp"]],
    ["how do I add an openai key?", ["LLM_MODEL", "LLM_API_KEY"]],
    ["how do I get real market data?", ["POLYGON_API_KEY", "fetch_bars", "import_bars"]],
  ])("answers %s with what to set, naming the README's section", (message, words) => {
    const turn = planTurn(message, phrasingContext);
    expect(turn.understood).toBe(false);
    if (turn.understood) return;
    for (const word of words) expect(turn.reply).toContain(word);
    expect(turn.reply).toContain("README");
    // Every variable it names is one the configuration reads (the README's table).
    for (const name of turn.reply.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? [])
      expect(readme, name).toContain(`| \`${name}\``);
  });

  it("answers thanks alone with no examples, and thanks with a request as the request", () => {
    for (const message of ["thanks!", "Thank you so much"])
      expect(planTurn(message, phrasingContext)).toEqual({
        understood: false,
        reply: "You're welcome.",
      });
    expect(planTurn("hi, how volatile is BTC?", phrasingContext).understood).toBe(true);
  });

  it("every general example it offers is one it understands", () => {
    for (const example of generalExamples) {
      const turn = planTurn(example, phrasingContext);
      expect(turn.understood, example).toBe(true);
    }
  });

  it.each([
    ["backtest a 10/30 crossover on QQQ", "spec"],
    [
      "backtest IWM: buy when the close crosses above the 50-day SMA, sell when it crosses below",
      "spec",
    ],
    ["now show me daily SPY bars", "get_bars"],
    ["what's the price of QQQ", "get_quotes"],
    ["backtest it on QQQ", "changes"],
    ["now with a 3% trailing stop", "changes"],
  ])("reads %j as a change of the strategy only when it is one", (message, expected) => {
    const turn = planTurn(message, phrasingContext);
    if (!turn.understood) throw new Error(turn.reply);
    const { name, input } = turn.calls[0]!;
    const kind = name !== "backtest_strategy" ? name : "changes" in input ? "changes" : "spec";
    expect(kind).toBe(expected);
  });

  it("refuses a planned input the tool's schema would refuse, quoting the schema", () => {
    const refused = planTurn("sell 10 shares of SPY limit 0", phrasingContext);
    expect(refused).toMatchObject({ understood: false });
    if (!refused.understood) expect(refused.reply).toContain("propose_order: limitPrice");
  });
});

describe("the explicit command form", () => {
  it("passes any input through verbatim, for the tool to judge", () => {
    const turn = planTurn('/tool backtest_strategy {"findingId": "x", "extra": [1, {"a": null}]}');
    expect(turn).toEqual({
      understood: true,
      calls: [{ name: "backtest_strategy", input: { findingId: "x", extra: [1, { a: null }] } }],
      summary: "Run backtest_strategy with the input given.",
    });
  });

  it("keeps JSON across lines", () => {
    const turn = planTurn('/tool get_quotes {\n  "symbols": ["SPY"]\n}');
    expect(turn).toMatchObject({ calls: [{ name: "get_quotes", input: { symbols: ["SPY"] } }] });
  });
});

describe("words to numbers, dates and symbols", () => {
  it("reads amounts however they are written", () => {
    expect(normalize("Sell $5K of SPY")).toBe("sell $5000 of spy");
    expect(normalize("buy 5,000 shares")).toBe("buy 5000 shares");
    expect(normalize("buy $1.5m of gld")).toBe("buy $1500000 of gld");
    expect(normalize("twenty-five shares and two hundred more")).toBe("25 shares and 200 more");
    expect(normalize("fetch 5m bars")).toBe("fetch 5m bars");
    expect(normalize("rule robustness-one-bar-delay")).toBe("rule robustness-one-bar-delay");
  });

  it("reads dates, and asks for a clock only for relative ones", () => {
    const now = Date.UTC(2025, 2, 31);
    expect(extractPeriod("since 2020").period).toEqual({ start: "2020-01-01" });
    expect(extractPeriod("since march 2021").period).toEqual({ start: "2021-03-01" });
    expect(extractPeriod("from 2020-01-01 to 2023-12-31").period).toEqual({
      start: "2020-01-01",
      end: "2023-12-31",
    });
    expect(extractPeriod("from 2019 to 2021").period).toEqual({
      start: "2019-01-01",
      end: "2021-12-31",
    });
    expect(extractPeriod("in feb 2024").period).toEqual({ start: "2024-02-01", end: "2024-02-29" });
    expect(extractPeriod("before 2022").period).toEqual({ end: "2021-12-31" });
    expect(extractPeriod("until 5 june 2023").period).toEqual({ end: "2023-06-05" });
    expect(extractPeriod("the last 3 years", now).period).toEqual({ start: "2022-03-31" });
    expect(extractPeriod("over the past month", now).period).toEqual({ start: "2025-02-28" });
    expect(extractPeriod("ytd", now).period).toEqual({ start: "2025-01-01" });
    // A month without its year: the latest one begun by today (2025-03-31).
    expect(extractPeriod("since january", now).period).toEqual({ start: "2025-01-01" });
    expect(extractPeriod("since march", now).period).toEqual({ start: "2025-03-01" });
    expect(extractPeriod("since the start of june", now).period).toEqual({ start: "2024-06-01" });
    expect(extractPeriod("since may").problem).toContain("today's date");
    // 2025-03-31 is a Monday; 2025-04-03 a Thursday of the same week.
    expect(extractPeriod("this week", now).period).toEqual({ start: "2025-03-31" });
    expect(extractPeriod("this week", Date.UTC(2025, 3, 3)).period).toEqual({
      start: "2025-03-31",
    });
    expect(extractPeriod("last 2 weeks").problem).toContain("today's date");
    expect(extractPeriod("the last 10 orders").period).toEqual({});
  });

  it("upper-cases tickers and tells them from words", () => {
    expect(symbolsIn("buy 10 shares of aapl")).toEqual(["AAPL"]);
    expect(symbolsIn("quotes for spy, qqq and btc/usd")).toEqual(["SPY", "QQQ", "BTC/USD"]);
    expect(symbolsIn("RSI(14) of SPY on the NYSE")).toEqual(["SPY"]);
    expect(symbolsIn("compare EURUSD with $TSLA")).toEqual(["EUR/USD", "TSLA"]);
    expect(symbolsIn("scan tech stocks for mean reversion")).toEqual([]);
    expect(symbolsIn("BUY 10 AAPL")).toEqual(["AAPL"]);
    expect(symbolsIn("buy 0.1 btc")).toEqual(["BTC/USD"]);
    // Names are matched before tickers, longest first, yet come back in the order written.
    expect(symbolsIn("compare apple and microsoft")).toEqual(["AAPL", "MSFT"]);
    expect(symbolsIn("QQQ vs bitcoin vs apple vs SPY")).toEqual(["QQQ", "BTC/USD", "AAPL", "SPY"]);
  });

  it("maps groups in words to universes", () => {
    expect(universeIn("scan the sector etfs")).toMatchObject({ name: "sector-etfs" });
    expect(universeIn("scan crypto")).toMatchObject({ name: "crypto-majors" });
    expect(universeIn("scan the crypto universe")).toMatchObject({ name: "crypto-majors" });
    expect(universeIn("scan universe my-tech")).toMatchObject({ name: "my-tech" });
    expect(universeIn("tech stocks")).toMatchObject({ symbols: ["XLK"] });
  });

  it("names only indicators the engine has", () => {
    for (const word of indicatorWordList)
      expect(indicatorCatalog).toHaveProperty(indicatorOf(word)!);
  });
});

describe("robustness", () => {
  it("never throws, and plans only calls their tools accept, on word soup", () => {
    const words = [...new Set(phrasings.flatMap((row) => row.message.split(/\s+/)))];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 14 }),
        fc.string({ maxLength: 12 }),
        (picked, noise) => {
          const turn = planTurn(`${picked.join(" ")} ${noise}`, phrasingContext);
          if (!turn.understood) return turn.reply.length > 0;
          return turn.calls.every((call) => {
            parseToolInput(findTool(call.name)!, call.input);
            return true;
          });
        },
      ),
      { numRuns: 500, seed: 42 },
    );
  });
});

describe("purity", () => {
  it("plans the same message the same way every time", () => {
    const message = "backtest a 20/50 moving average crossover on SPY over the last 3 years";
    expect(planTurn(message, phrasingContext)).toEqual(planTurn(message, phrasingContext));
  });
});

describe("words that ask or take back never act", () => {
  // Tools that change trading: an order proposed, a stage moved, an order cancelled, the halt.
  const acting = new Set(
    tools
      .filter((tool) => tool.effect === "order")
      .map((tool) => tool.name)
      .concat(["promote_strategy", "kill_switch", "cancel_order"]),
  );
  const context = {
    ...phrasingContext,
    positions: [{ symbol: "SPY", quantity: 10 }],
    sizedLast: { symbol: "SPY", side: "buy" as const, quantity: 10 },
  };
  const requests = [
    "buy 10 SPY",
    "sell 5 SPY",
    "close my SPY position",
    "promote it to paper",
    "paper trade it",
    "stop all trading",
    "trade my strategies",
    "cancel my SPY order",
  ];
  // Each request asked about, or taken back: none may plan what the request would. (A rebalance
  // asked about is proposed: its one card is the preview, and nothing is sent before its Approve.)
  const framings = [
    (request: string) => `can I ${request}?`,
    (request: string) => `should I ${request}?`,
    (request: string) => `why can't I ${request}?`,
    (request: string) => `what would happen if I ${request}?`,
    (request: string) => `how do I ${request}?`,
    (request: string) => `${request}, no wait`,
    (request: string) => `${request}... never mind`,
    (request: string) => `don't ${request}`,
  ];
  it.each(requests.flatMap((request) => framings.map((frame) => frame(request))))(
    "%s",
    (message) => {
      const turn = planTurn(message, context);
      const calls = turn.understood ? turn.calls.map((call) => call.name) : [];
      expect(calls.filter((name) => acting.has(name))).toEqual([]);
    },
  );
});
