import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";
import { seedHome } from "../support/pglite.ts";

const cli = join(import.meta.dirname, "../../bin/alphadesk.js");
let home: string;
const env = () => ({ ALPHADESK_HOME: home, DATABASE_URL: "", LLM_MODEL: "", BROKER: "" });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-ask-"));
  await seedHome(home);
  const demo = await runCli(
    ["tool", "generate_demo_market", '{"symbols":["SPY","BTC/USD"],"years":3}'],
    env(),
  );
  expect(demo.code).toBe(0);
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

interface AskJson {
  threadId: string;
  reply: string;
  toolCalls: { name: string; input: unknown; ok: boolean; output: Record<string, unknown> }[];
  waitingFor: string[];
  approvals: { id: string; card: string[] }[];
}

/** `alphadesk chat` fed `input` on standard input, as typed; resolves to what it printed. */
const chatFrom = (input: string) =>
  new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [cli, "chat"],
      { env: { ...process.env, ...env(), LOG_LEVEL: "warn" }, timeout: 120_000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    child.stdin!.end(input);
  });

describe("alphadesk ask, the offline planner, no standard input", () => {
  it("answers a backtest request in plain words with the tool's own numbers", async () => {
    const result = await runCli(
      ["ask", "--json", "backtest a 20/50 moving average crossover on SPY since 2021"],
      env(),
    );
    expect(result.code).toBe(0);
    const turn = JSON.parse(result.stdout) as AskJson;
    expect(turn.toolCalls).toHaveLength(1);
    const [call] = turn.toolCalls;
    expect(call).toMatchObject({ name: "backtest_strategy", ok: true });
    const metrics = call!.output.metrics as { totalReturn: number; trades: number };
    // The reply carries the result's numbers, formatted, not recomputed.
    expect(turn.reply).toContain(`total return ${(metrics.totalReturn * 100).toFixed(2)}%`);
    expect(turn.reply).toContain(`${metrics.trades} trades`);
    expect(turn.waitingFor).toEqual([]);
  });

  it("proposes an order that waits for a human, with the card from the database", async () => {
    const result = await runCli(["ask", "buy 10 shares of SPY"], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Paper order proposed on paper-sim: buy 10 SPY/);
    expect(result.stdout).toMatch(/Paper order on paper-sim\n {2}BUY 10 SPY at market/);
    expect(result.stdout).toMatch(/Approve it with: npx alphadesk approve [0-9a-f-]{36}/);
    const orders = await runCli(["orders", "--json"], env());
    expect(
      orders.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).state),
    ).toEqual(["proposed"]);
  });

  it("prints the views a chat face shows beneath the reply: the status view, a backtest's table", async () => {
    const status = await runCli(["ask", "status"], env());
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /^The desk as of \d{4}-\d\d-\d\d \d\d:\d\d UTC:\n\nTrading active on paper-sim; [1-9]\d* approval\(s\) waiting/,
    );
    const backtest = await runCli(
      ["ask", "backtest a 20/50 moving average crossover on SPY"],
      env(),
    );
    expect(backtest.stdout).toMatch(/\nTotal return +-?\d+\.\d%  +-?\d+\.\d%/);
    // The charts a chat face attaches are PNG files here.
    const charts = [...backtest.stdout.matchAll(/^ {2}chart: (.+\.png)$/gm)].map((m) => m[1]!);
    expect(charts).toHaveLength(2);
    for (const chart of charts)
      expect([...(await readFile(chart)).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("refuses a sale beyond the holding on the cash paper account before anyone approves it", async () => {
    const result = await runCli(["ask", "sell 5 shares of SPY"], env());
    // Once seen empty in a loaded CI run: the stderr says why, should it happen again.
    expect(result.stdout, `exit ${result.code}, stderr: ${result.stderr}`).toMatch(
      /^The risk gate denied the order: SHORT_SALE: selling 5 SPY more than the account holds .* does not allow short selling/,
    );
    expect(result.stdout).not.toMatch(/approve/i);
  });

  it("says what it did not understand, with examples", async () => {
    const result = await runCli(["ask", "tell me a joke"], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/I could not place "tell me a joke"/);
    expect(result.stdout).toMatch(/- buy 10 shares of AAPL/);
  });

  it("stops a long turn on Ctrl-C: the optimization keeps its trials, and ask exits 130", async () => {
    const request = "optimize SPY: buy when RSI(2-20) < 5-35, sell above 50-90, 5000 trials";
    const child = spawn(process.execPath, [cli, "ask", "--json", request], {
      env: { ...process.env, ...env(), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      // Ctrl-C once the search has run some trials.
      if (/main trial \d+\/5000/.test(stderr) && !child.killed) child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/Stopping… \(Ctrl-C again quits at once\)/);
    const turn = JSON.parse(stdout) as AskJson;
    expect(turn.toolCalls).toMatchObject([
      { name: "optimize_strategy", ok: false, output: { error: { code: "cancelled" } } },
    ]);
    expect(turn.reply).toMatch(
      /^optimize_strategy stopped: the optimization was cancelled after \d+ trials; they are stored and the same request resumes it\n\nStopped as you asked\.$/,
    );
  });

  it("chats from piped input: an order proposed, approved with y, sent and filled", async () => {
    // Crypto trades around the clock: the order goes out whenever the test runs.
    const output = await chatFrom("buy 0.1 shares of BTC/USD\ny\nquit\n");
    expect(output).toMatch(/Paper order on paper-sim\n {2}BUY 0.1 BTC\/USD at market/);
    expect(output).toMatch(/Approve this order\? \[y\/N\]/);
    expect(output).toMatch(
      /approval [0-9a-f-]{36}: approved by cli; order [0-9a-f-]{36} is filled/,
    );
  });

  it("rebalances: ask prints the batch card, and chat pauses on it, takes one y and reports each order", async () => {
    // 20% BTC/USD (crypto: it trades whenever the test runs), 20% in a symbol with no price
    // (left out), 60% cash: one order, inside the default risk limits.
    const series = (step: number) =>
      Array.from({ length: 250 }, (_, i) => Math.sin(i * step) / 100 + 0.0004);
    const input = join(home, "portfolio.json");
    await writeFile(
      input,
      JSON.stringify({
        returns: { "BTC/USD": series(1), NOPRICE: series(2) },
        objective: "equalWeight",
        constraints: { cashBuffer: 0.6 },
      }),
    );
    expect((await runCli(["tool", "construct_portfolio", "--input", input], env())).code).toBe(0);

    const json = await runCli(["ask", "--json", "rebalance my portfolio"], env());
    const proposed = JSON.parse(json.stdout) as AskJson & {
      batches: { id: string; state: string; orders: unknown[]; card: string[] }[];
    };
    expect(proposed.batches).toMatchObject([{ state: "pending", orders: [{ symbol: "BTC/USD" }] }]);
    expect(proposed.waitingFor).toEqual([proposed.batches[0]!.id]);
    expect(proposed.batches[0]!.card[0]).toMatch(/Paper rebalance on paper-sim: 1 order\(s\)/);
    expect((await runCli(["reject", proposed.batches[0]!.id, "--yes"], env())).code).toBe(0);

    const asked = await runCli(["ask", "rebalance my portfolio"], env());
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/Paper rebalance on paper-sim: 1 order\(s\) to approve/);
    const batchId = /Approve them with: npx alphadesk approve ([0-9a-f-]{36})/.exec(
      asked.stdout,
    )?.[1];
    expect(batchId, asked.stdout).toBeDefined();
    expect((await runCli(["reject", batchId!, "--yes"], env())).code).toBe(0);

    const output = await chatFrom("rebalance my portfolio\ny\nquit\n");
    expect(output).toMatch(/Approve these 1 orders\? \[y\/N\]/);
    expect(output).toMatch(
      /batch [0-9a-f-]{36}: approved by cli; its 1 order\(s\): buy [\d.]+ BTC\/USD is filled/,
    );
  });
});
