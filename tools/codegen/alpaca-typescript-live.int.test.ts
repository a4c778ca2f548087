import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionsBetween } from "../../engine/calendar/sessions.ts";
import { parseDay } from "../../engine/calendar/civil-date.ts";
import { type AlpacaBar, FakeAlpaca } from "../../test/fakes/alpaca-server.ts";
import { FakeAlpacaTrading } from "../../test/fakes/alpaca-trading-server.ts";
import { generateStrategyCode } from "./generate.ts";
import { importTypescriptPrograms, runTypescript, type TypescriptProgram } from "./parity/run.ts";

/**
 * The generated alpaca-typescript program's `live` command, loaded into this process, against
 * the fake Alpaca trading and market-data servers (test/fakes), through the real SDK: a whole
 * position's life in cycles at chosen clock times, and the refusals.
 */
const spec = {
  name: "Live protect",
  universe: ["AAA"],
  // Always true once the close exists: the decisions below do not hinge on an indicator.
  entry: { gte: ["close", 0] },
  stopLoss: { percent: 5 },
  takeProfit: { percent: 10 },
  timeExit: { bars: 1 },
  sizing: { fractionOfEquity: 0.5 },
  costs: { feeBps: 10, slippageBps: 5 },
};

let directory: string;
let program: TypescriptProgram & {
  liveSettings(
    strategy: unknown,
    flags: { live: boolean; once: boolean; feed: string },
    environment: Record<string, string>,
  ): { tradingUrl: string; dataUrl: string; live: boolean };
};
let refusing: TypescriptProgram;
let prefix: string;
let trading: FakeAlpacaTrading;
let data: FakeAlpaca;
let environment: Record<string, string>;

/** NYSE sessions of 2023 to Tuesday 2024-01-02 (Monday the 1st is a holiday), then Wednesday the 3rd. */
const sessions = sessionsBetween("NYSE", parseDay("2023-01-03"), parseDay("2024-01-03")).map(
  (session) => new Date(session.day * 86_400_000).toISOString().slice(0, 10),
);
const closeOf = (index: number) => 100 + 10 * Math.sin(index / 9) + index * 0.05;
const bars: AlpacaBar[] = sessions.map((day, i) => {
  const open = closeOf(Math.max(0, i - 1));
  const close = closeOf(i);
  return {
    t: `${day}T05:00:00Z`,
    o: open,
    h: Math.max(open, close) + 1,
    l: Math.min(open, close) - 1,
    c: close,
    v: 1_000_000,
    n: 5_000,
    vw: close,
  };
});
const signalBar = bars.at(-2)!; // 2024-01-02

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-ts-live-"));
  const generated = generateStrategyCode(spec, "alpaca-typescript");
  prefix = `ad-${generated.specHash.slice(0, 10)}-AAA-`;
  const other = generateStrategyCode(
    { ...spec, name: "Live BBB", universe: ["BBB"] },
    "alpaca-typescript",
  );
  const loaded = await importTypescriptPrograms([generated.code, other.code], directory);
  program = loaded[0] as typeof program;
  refusing = loaded[1]!;
  trading = await new FakeAlpacaTrading().start();
  data = await new FakeAlpaca().start();
  // The 3rd's bar appears once that session has closed (set before the evening cycle below).
  data.setBars("AAA", "1Day", bars.slice(0, -1));
  data.setBars("BBB", "1Day", bars);
  environment = {
    APCA_API_KEY_ID: trading.keyId,
    APCA_API_SECRET_KEY: trading.secret,
    APCA_API_BASE_URL: trading.url,
    APCA_API_DATA_URL: data.url,
  };
});

afterAll(async () => {
  await trading?.stop();
  await data?.stop();
  await rm(directory, { recursive: true, force: true });
});

const liveOnce = () => runTypescript(program, ["live", "--once"], environment);
const posts = () => trading.requests.filter((request) => request.startsWith("POST ")).length;
const logged = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { event: string; [field: string]: unknown });

describe("live --once against the fake Alpaca servers", () => {
  it("after the close, enters at the next open: opg market order, deterministic client_order_id", async () => {
    trading.clock = {
      timestamp: "2024-01-02T20:00:00-05:00",
      is_open: false,
      next_open: "2024-01-03T09:30:00-05:00",
      next_close: "2024-01-03T16:00:00-05:00",
    };
    const result = await liveOnce();
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const events = logged(result.stdout);
    expect(events[0]).toMatchObject({ event: "live_started", account: "paper" });
    expect(trading.orders).toHaveLength(1);
    const [order] = trading.orders;
    // Half the equity at the signal close moved by 5 bps slippage, 10 bps fees, whole shares.
    const shares = Math.floor((0.5 * 100_000) / (signalBar.c * 1.0005 * 1.001));
    expect(order).toMatchObject({
      client_order_id: `${prefix}20240102-entry`,
      symbol: "AAA",
      side: "buy",
      type: "market",
      time_in_force: "opg",
      qty: String(shares),
    });
    expect(order!.client_order_id.length).toBeLessThanOrEqual(48);
    // Raw bars, adjusted by the program itself for the corporate actions it asked for.
    const barRequest = data.requests.find((url) => url.pathname === "/v2/stocks/bars")!;
    expect(barRequest.searchParams.get("adjustment")).toBe("raw");
    expect(data.requests.some((url) => url.pathname === "/v1/corporate-actions")).toBe(true);
  });

  it("places nothing new when the cycle runs again", async () => {
    const before = posts();
    const result = await liveOnce();
    expect(result.exitCode).toBe(0);
    expect(posts()).toBe(before);
    expect(logged(result.stdout).map((event) => event.event)).toContain("entry_pending");
  });

  it("protects the filled entry after the open with a one-cancels-other stop and target", async () => {
    const entry = trading.orders[0]!;
    trading.fill(entry.id, Number(entry.qty), 104);
    // The fake fills now; the auction filled at 09:30 New York on the 3rd.
    entry.filled_at = "2024-01-03T14:30:00.000Z";
    trading.clock = {
      timestamp: "2024-01-03T09:35:00-05:00",
      is_open: true,
      next_open: "2024-01-04T09:30:00-05:00",
      next_close: "2024-01-03T16:00:00-05:00",
    };
    const result = await liveOnce();
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const protective = trading.orders[1]!;
    expect(protective).toMatchObject({
      client_order_id: `${prefix}20240102-protect`,
      side: "sell",
      order_class: "oco",
      type: "limit",
      time_in_force: "gtc",
      qty: entry.qty,
      // 10% above and 5% below the 104 fill, in cents.
      limit_price: "114.40",
    });
    expect(protective.legs![0]).toMatchObject({ type: "stop", stop_price: "98.80" });
    const rerun = await liveOnce();
    expect(rerun.exitCode).toBe(0);
    expect(trading.orders).toHaveLength(2);
  });

  it("after the next close, the time exit cancels the protection and closes at the open", async () => {
    data.setBars("AAA", "1Day", bars);
    trading.clock = {
      timestamp: "2024-01-03T19:30:00-05:00",
      is_open: false,
      next_open: "2024-01-04T09:30:00-05:00",
      next_close: "2024-01-04T16:00:00-05:00",
    };
    const result = await liveOnce();
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(trading.orders[1]!.status).toBe("canceled");
    expect(trading.orders[2]).toMatchObject({
      client_order_id: `${prefix}20240103-exit`,
      side: "sell",
      type: "market",
      time_in_force: "opg",
      qty: trading.orders[0]!.qty,
    });
    const rerun = await liveOnce();
    expect(rerun.exitCode).toBe(0);
    expect(trading.orders).toHaveLength(3);
  });
});

describe("the live endpoints and keys", () => {
  const keys = { APCA_API_KEY_ID: "key", APCA_API_SECRET_KEY: "secret" };
  const flags = { live: false, once: true, feed: "iex" };

  it("trades paper by default, and the live endpoint only with --live", () => {
    const paper = program.liveSettings(program.compiledStrategy, flags, keys);
    expect(paper).toMatchObject({
      live: false,
      tradingUrl: "https://paper-api.alpaca.markets",
      dataUrl: "https://data.alpaca.markets",
    });
    const live = program.liveSettings(program.compiledStrategy, { ...flags, live: true }, keys);
    expect(live).toMatchObject({ live: true, tradingUrl: "https://api.alpaca.markets" });
  });

  it("refuses the live endpoint without --live, before any request", async () => {
    const requests = trading.requests.length;
    const result = await runTypescript(program, ["live", "--once"], {
      ...keys,
      APCA_API_BASE_URL: "https://api.alpaca.markets",
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("APCA_API_BASE_URL is Alpaca's live endpoint");
    expect(result.stderr).toContain("--live");
    expect(trading.requests.length).toBe(requests);
  });

  it("names the missing keys", async () => {
    const result = await runTypescript(program, ["live", "--once"], {});
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("set APCA_API_KEY_ID and APCA_API_SECRET_KEY");
  });

  it("logs an order Alpaca refuses, with its reason, and exits 1", async () => {
    // Market buys are checked at this price: far beyond the account's cash.
    trading.setPrice("BBB", 1_000_000);
    const result = await runTypescript(refusing, ["live", "--once"], environment);
    expect(result.exitCode).toBe(1);
    const refused = logged(result.stdout).find((event) => event.event === "order_refused");
    expect(refused).toMatchObject({ symbol: "BBB", role: "entry" });
    expect(refused!.reason).toContain("HTTP 403: insufficient buying power");
  });

  it("stops with a clear error when Alpaca answers 401", async () => {
    trading.revokeKeys();
    const result = await liveOnce();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Alpaca refused the keys");
    expect(result.stderr).toContain("HTTP 401");
    expect(result.stderr).toContain("APCA_API_KEY_ID");
  });
});
