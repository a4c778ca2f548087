import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { atr } from "../../engine/indicators/volatility.ts";
import { type AlpacaBar, FakeAlpaca } from "../../test/fakes/alpaca-server.ts";
import { FakeAlpacaTrading } from "../../test/fakes/alpaca-trading-server.ts";
import { generateStrategyCode } from "./generate.ts";

/**
 * The generated alpaca-python program's `live` command against the fake Alpaca servers. It runs
 * on test/fakes/alpaca-py, a stand-in for alpaca-py with its names and signatures that speaks
 * Alpaca's REST API (alpaca-py itself cannot be installed here): these tests prove the program's
 * decisions and requests, not alpaca-py.
 */
const execFileAsync = promisify(execFile);
const standIn = fileURLToPath(new URL("../../test/fakes/alpaca-py", import.meta.url));

const crossing = {
  universe: ["AAA"],
  entry: { crossAbove: ["close", { sma: { period: 3 } }] },
  sizing: { fractionOfEquity: 0.5 },
  costs: { feeBps: 10, slippageBps: 5 },
};
const specs = {
  oco: {
    ...crossing,
    name: "Live OCO",
    exit: { crossBelow: ["close", { sma: { period: 3 } }] },
    stopLoss: { percent: 5 },
    takeProfit: { percent: 10 },
  },
  atrTrail: { ...crossing, name: "Live ATR trail", trailingStop: { atrMultiple: 2, atrPeriod: 5 } },
  ratchet: {
    ...crossing,
    name: "Live ratchet",
    stopLoss: { percent: 5 },
    trailingStop: { percent: 3 },
  },
  crypto: { ...crossing, name: "Live crypto", universe: ["AAA", "BTC/USD"] },
};
type SpecName = keyof typeof specs;

let directory: string;
const programs = {} as Record<SpecName, { path: string; prefix: string }>;
let trading: FakeAlpacaTrading;
let data: FakeAlpaca;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-alpaca-live-"));
  for (const [name, spec] of Object.entries(specs)) {
    const generated = generateStrategyCode(spec, "alpaca-python");
    const path = join(directory, generated.filename);
    await writeFile(path, generated.code);
    programs[name as SpecName] = { path, prefix: generated.specHash.slice(0, 12) };
  }
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

beforeEach(async () => {
  trading = await new FakeAlpacaTrading().start();
  data = await new FakeAlpaca().start();
  data.adjustments.add("all");
  data.setBars("AAA", "1Day", history());
});

afterEach(async () => {
  await trading.stop();
  await data.stop();
});

/**
 * 150 weekdays to Tuesday 2024-01-02 closing at 100, then 98 and 103: close crosses above its
 * 3-bar SMA on the last bar ((100 + 98 + 103) / 3 = 100.33 < 103, after 98 <= 99.33), so the
 * entry signal is on 2024-01-02. Highs and lows vary, for the ATR.
 */
function history(): AlpacaBar[] {
  const days: string[] = [];
  for (let time = Date.UTC(2024, 0, 2); days.length < 150; time -= 86_400_000) {
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.unshift(new Date(time).toISOString().slice(0, 10));
  }
  const closes = days.map((_, i) =>
    i === days.length - 1 ? 103 : i === days.length - 2 ? 98 : 100,
  );
  return days.map((day, i) => {
    const open = closes[Math.max(0, i - 1)]!;
    const close = closes[i]!;
    const high = Math.max(open, close) + 1 + (i % 3) * 0.5;
    const low = Math.min(open, close) - 1 - (i % 2) * 0.25;
    return bar(day, open, high, low, close);
  });
}

const bar = (day: string, o: number, h: number, l: number, c: number): AlpacaBar => ({
  t: `${day}T05:00:00Z`,
  o,
  h,
  l,
  c,
  v: 1_000_000,
  n: 5_000,
  vw: (h + l + c) / 3,
});

const eveningOf = (day: string, nextDay: string) => ({
  timestamp: `${day}T20:00:00-05:00`,
  is_open: false,
  next_open: `${nextDay}T09:30:00-05:00`,
  next_close: `${nextDay}T16:00:00-05:00`,
});
const openOn = (day: string) => ({
  timestamp: `${day}T10:00:00-05:00`,
  is_open: true,
  next_open: "2024-01-04T09:30:00-05:00",
  next_close: `${day}T16:00:00-05:00`,
});

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  events: Record<string, unknown>[];
}

async function runLive(
  name: SpecName,
  args: string[] = ["--once"],
  env: Record<string, string> = {},
): Promise<Run> {
  const environment = {
    PATH: process.env.PATH ?? "",
    PYTHONPATH: standIn,
    PYTHONDONTWRITEBYTECODE: "1",
    APCA_API_KEY_ID: "test-key",
    APCA_API_SECRET_KEY: "test-secret",
    APCA_API_BASE_URL: trading.url,
    APCA_API_DATA_URL: data.url,
    ...env,
  };
  const result = await execFileAsync("python3", [programs[name].path, "live", ...args], {
    env: environment,
  }).then(
    ({ stdout, stderr }) => ({ exitCode: 0, stdout, stderr }),
    (failure: { code?: number; stdout?: string; stderr?: string }) => ({
      exitCode: failure.code ?? -1,
      stdout: failure.stdout ?? "",
      stderr: failure.stderr ?? String(failure),
    }),
  );
  const lines = result.stdout.split("\n").filter((line) => line !== "");
  return { ...result, events: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const eventNames = (run: Run) => run.events.map((event) => event.event);
const ordersPosted = () => trading.requests.filter((request) => request === "POST /v2/orders");

/** An entry for the 2024-01-02 signal, sent as the program sends it, filled at `price`. */
async function filledEntry(name: SpecName, quantity: number, price: number) {
  const response = await fetch(`${trading.url}/v2/orders`, {
    method: "POST",
    headers: { "apca-api-key-id": "test-key", "apca-api-secret-key": "test-secret" },
    body: JSON.stringify({
      symbol: "AAA",
      qty: String(quantity),
      side: "buy",
      type: "market",
      time_in_force: "opg",
      client_order_id: `${programs[name].prefix}-AAA-20240102-entry`,
    }),
  });
  const order = (await response.json()) as { id: string };
  trading.fill(order.id, quantity, price);
}

describe("alpaca-python live: entries, reruns, protective orders and exits", () => {
  it("sends the 2024-01-02 entry for the opening auction, once, with a deterministic client_order_id", async () => {
    data.failNext(1, 503);
    const first = await runLive("oco");
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    expect(eventNames(first)).toContain("retry");
    // 0.5 x 100,000 equity / (103 x 1.0005 x 1.001) = 484.7 whole shares.
    expect(trading.orders).toHaveLength(1);
    expect(trading.orders[0]).toMatchObject({
      symbol: "AAA",
      side: "buy",
      type: "market",
      time_in_force: "opg",
      qty: "484",
      client_order_id: `${programs.oco.prefix}-AAA-20240102-entry`,
    });
    // The 2024-01-03 bar is still forming on Tuesday evening: it is never read.
    data.setBars("AAA", "1Day", [...history(), bar("2024-01-03", 103, 110, 90, 91)]);
    const rerun = await runLive("oco");
    expect(rerun.exitCode).toBe(0);
    expect(trading.orders).toHaveLength(1);
    expect(ordersPosted()).toHaveLength(1);
    expect(eventNames(rerun)).toContain("already_submitted");
  });

  it("retries an order whose answer was lost (a 500 after Alpaca took it) without doubling it", async () => {
    trading.failAfterAccept(500);
    const run = await runLive("oco");
    expect(run.exitCode).toBe(0);
    expect(ordersPosted()).toHaveLength(2);
    expect(trading.orders).toHaveLength(1);
    expect(run.events).toContainEqual(
      expect.objectContaining({ event: "retry", request: "POST /v2/orders" }),
    );
    expect(eventNames(run).at(-2)).toBe("already_submitted");
  });

  it("places an OCO stop and target from the fill after the open, then exits on the exit signal", async () => {
    await filledEntry("oco", 484, 101);
    trading.clock = openOn("2024-01-03");
    const opened = await runLive("oco");
    expect(opened.exitCode).toBe(0);
    expect(eventNames(opened)).toContain("signals_later");
    const protective = trading.orders[1]!;
    // Stop 101 - 5% = 95.95, target 101 + 10% = 111.10.
    expect(protective).toMatchObject({
      side: "sell",
      qty: "484",
      type: "limit",
      order_class: "oco",
      time_in_force: "gtc",
      limit_price: "111.1",
      status: "new",
      client_order_id: `${programs.oco.prefix}-AAA-20240102-oco0`,
    });
    expect(protective.legs).toMatchObject([{ type: "stop", stop_price: "95.95" }]);

    // 2024-01-03 closes at 96.5, below its SMA of 99.17 after 103 above 100.33: exit.
    data.setBars("AAA", "1Day", [...history(), bar("2024-01-03", 103, 104, 96, 96.5)]);
    trading.clock = eveningOf("2024-01-03", "2024-01-04");
    const exited = await runLive("oco");
    expect(exited.exitCode).toBe(0);
    expect(protective.status).toBe("canceled");
    expect(trading.orders[2]).toMatchObject({
      side: "sell",
      qty: "484",
      type: "market",
      time_in_force: "opg",
      client_order_id: `${programs.oco.prefix}-AAA-20240103-exit`,
    });
    const rerun = await runLive("oco");
    expect(rerun.exitCode).toBe(0);
    expect(trading.orders).toHaveLength(3);
  });

  it("places a trailing stop whose trail_price is the ATR distance on the signal bar", async () => {
    await filledEntry("atrTrail", 484, 101);
    trading.clock = openOn("2024-01-03");
    const run = await runLive("atrTrail");
    expect(run.exitCode).toBe(0);
    const bars = history();
    const column = (key: "h" | "l" | "c") => Float64Array.from(bars, (row) => row[key]);
    const range = atr(column("h"), column("l"), column("c"), 5);
    const trail = Math.round(2 * range[bars.length - 1]! * 100) / 100;
    expect(trading.orders[1]).toMatchObject({
      side: "sell",
      qty: "484",
      type: "trailing_stop",
      time_in_force: "gtc",
      trail_price: String(trail),
      trail_percent: null,
      client_order_id: `${programs.atrTrail.prefix}-AAA-20240102-trail0`,
    });
  });

  it("keeps a stop at the tighter of the stop loss and the trailing stop, moved after each close", async () => {
    await filledEntry("ratchet", 484, 101);
    trading.clock = openOn("2024-01-03");
    await runLive("ratchet");
    // Trailing 101 - 3% = 97.97 is above the stop loss 95.95.
    const first = trading.orders[1]!;
    expect(first).toMatchObject({ type: "stop", stop_price: "97.97", time_in_force: "gtc" });
    expect(first.client_order_id).toBe(`${programs.ratchet.prefix}-AAA-20240102-stop0`);

    // 2024-01-03 reaches 104: the trailing stop moves to 104 - 3% = 100.88.
    data.setBars("AAA", "1Day", [...history(), bar("2024-01-03", 103, 104, 100, 103.5)]);
    trading.clock = eveningOf("2024-01-03", "2024-01-04");
    const moved = await runLive("ratchet");
    expect(moved.exitCode).toBe(0);
    expect(first.status).toBe("canceled");
    expect(trading.orders[2]).toMatchObject({ type: "stop", stop_price: "100.88", qty: "484" });
    expect(trading.orders[2]!.client_order_id).toBe(
      `${programs.ratchet.prefix}-AAA-20240102-stop1`,
    );
    await runLive("ratchet");
    expect(trading.orders).toHaveLength(3);
  });

  it("logs every line as one JSON object and leaves positions it did not open alone", async () => {
    trading.setPrice("AAA", 103);
    const response = await fetch(`${trading.url}/v2/orders`, {
      method: "POST",
      headers: { "apca-api-key-id": "test-key", "apca-api-secret-key": "test-secret" },
      body: JSON.stringify({
        symbol: "AAA",
        qty: "7",
        side: "buy",
        type: "market",
        time_in_force: "day",
      }),
    });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const run = await runLive("oco");
    expect(run.exitCode).toBe(0);
    expect(run.events.every((event) => typeof event.time === "string")).toBe(true);
    expect(run.events).toContainEqual(
      expect.objectContaining({ event: "position_left_alone", symbol: "AAA" }),
    );
    expect(trading.orders).toHaveLength(1);
  });
});

describe("alpaca-python live: refusals", () => {
  it("refuses Alpaca's live endpoint without --live, and --live anywhere else", async () => {
    const paper = await runLive("oco", ["--once"], {
      APCA_API_BASE_URL: "https://api.alpaca.markets",
    });
    expect(paper.exitCode).toBe(2);
    expect(paper.stderr).toContain("APCA_API_BASE_URL is Alpaca's live endpoint");
    expect(paper.stderr).toContain("add --live");
    const live = await runLive("oco", ["--once", "--live"]);
    expect(live.exitCode).toBe(2);
    expect(live.stderr).toContain("--live trades real money at https://api.alpaca.markets");
    expect(trading.requests).toEqual([]);
  });

  it("names missing keys, keys Alpaca refuses (403 trading, 401 market data) and what to check", async () => {
    const missing = await runLive("oco", ["--once"], { APCA_API_SECRET_KEY: "" });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(
      "set APCA_API_SECRET_KEY to your Alpaca paper account's API key",
    );

    const wrong = await runLive("oco", ["--once"], { APCA_API_SECRET_KEY: "wrong" });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain("Alpaca answered GET /v2/clock with 403 Forbidden");
    expect(wrong.stderr).toContain("check APCA_API_KEY_ID and APCA_API_SECRET_KEY");

    await data.stop();
    data = await new FakeAlpaca("other-key", "other-secret").start();
    data.adjustments.add("all");
    const unauthorized = await runLive("oco", ["--once"], { APCA_API_DATA_URL: data.url });
    expect(unauthorized.exitCode).toBe(1);
    expect(unauthorized.stderr).toContain(
      "Alpaca answered GET /v2/stocks/bars with 401 Unauthorized",
    );
    expect(unauthorized.events.at(-1)).toMatchObject({ event: "fatal", level: "error" });
    expect(trading.orders).toEqual([]);
  });

  it("refuses live trading for symbols it cannot trade in the opening auction, and bad options", async () => {
    const crypto = await runLive("crypto");
    expect(crypto.exitCode).toBe(2);
    expect(crypto.stderr).toContain("BTC/USD is not a US stock symbol");
    const tooFew = await runLive("oco", ["--once", "--history-bars", "1"]);
    expect(tooFew.exitCode).toBe(2);
    expect(tooFew.stderr).toContain("--history-bars must be 2 to 10000 (was 1)");
  });
});
