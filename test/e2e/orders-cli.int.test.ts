import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";
import { seedHome } from "../support/pglite.ts";

let home: string;
const env = () => ({ ALPHADESK_HOME: home, DATABASE_URL: "", BROKER: "", APPROVERS: "" });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-orders-"));
  await seedHome(home);
  // Crypto trades around the clock, so the order goes out whenever the test runs.
  const demo = await runCli(
    ["tool", "generate_demo_market", '{"symbols":["BTC/USD"],"years":1}'],
    env(),
  );
  expect(demo.code).toBe(0);
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("orders from the terminal on the embedded defaults (paper broker, demo prices)", () => {
  it("proposes, shows the card, approves with --yes, sends, fills; the kill switch halts and resume lifts it", async () => {
    const proposed = await runCli(
      ["tool", "propose_order", '{"symbol":"BTC/USD","side":"buy","quantity":0.25}'],
      env(),
    );
    expect(proposed.code).toBe(0);
    const { status, approval } = JSON.parse(proposed.stdout) as {
      status: string;
      approval: { id: string };
    };
    expect(status).toBe("pending");

    // Without a terminal to ask and without --yes, nothing is decided.
    const unconfirmed = await runCli(["approve", approval.id], env());
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stdout).toMatch(/Paper order on paper-sim\n {2}BUY 0.25 BTC\/USD at market/);
    expect(unconfirmed.stderr).toMatch(/pass --yes/);

    const approved = await runCli(["approve", approval.id.slice(0, 8), "--yes"], env());
    expect(approved.stderr).toBe("");
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/approved by cli; sending to paper-sim/);
    expect(approved.stdout).toMatch(/order [0-9a-f-]{36} filled, 0.25 filled at \d/);

    const again = await runCli(["approve", approval.id, "--yes"], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already approved \(not_pending\)/);

    const killed = await runCli(["kill", "testing", "the", "switch"], env());
    expect(killed.code).toBe(0);
    expect(killed.stdout).toMatch(/^ok +halt_flag/m);
    expect(killed.stdout).toMatch(/trading halted/);
    const denied = await runCli(
      ["tool", "propose_order", '{"symbol":"BTC/USD","side":"sell","quantity":0.25}'],
      env(),
    );
    expect(JSON.parse(denied.stdout)).toMatchObject({
      status: "denied",
      reason: { code: "TRADING_HALTED", message: expect.stringMatching(/testing the switch/) },
    });

    const resumed = await runCli(["resume", "--yes"], env());
    expect(resumed.stdout).toMatch(/trading resumed/);
    const overview = await runCli(["status", "--json"], env());
    expect(JSON.parse(overview.stdout)).toMatchObject({
      trading: { state: "active", reason: "resumed", broker: "paper-sim" },
      approvalsPending: 0,
      openOrders: 0,
      strategies: [],
      jobs: [],
    });
    const audit = await runCli(["tool", "verify_audit_log"], env());
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
  }, 300_000); // a dozen CLI processes, each opening the database

  it("cancels one resting limit order by the start of its id, halting nothing", async () => {
    const quoted = await runCli(
      ["tool", "propose_order", '{"symbol":"BTC/USD","side":"sell","quantity":0.1}'],
      env(),
    );
    const { order: priced } = JSON.parse(quoted.stdout) as { order: { referencePrice: number } };
    // 2% under the last trade (the gate allows 3%): the demo's replay price never reaches it.
    const limitPrice = Math.round(priced.referencePrice * 98) / 100;
    const proposed = await runCli(
      [
        "tool",
        "propose_order",
        JSON.stringify({
          symbol: "BTC/USD",
          side: "buy",
          quantity: 0.1,
          type: "limit",
          limitPrice,
        }),
      ],
      env(),
    );
    const { approval, order } = JSON.parse(proposed.stdout) as {
      approval: { id: string };
      order: { clientOrderId: string };
    };
    const approved = await runCli(["approve", approval.id, "--yes"], env());
    expect(approved.stdout).toMatch(new RegExp(`order ${order.clientOrderId} submitted`));

    const cancelled = await runCli(["cancel", order.clientOrderId.slice(0, 8)], env());
    expect(cancelled.stderr).toBe("");
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain(
      `Cancelled: buy 0.1 BTC/USD limit ${limitPrice} on paper-sim [${order.clientOrderId}], now cancelled. paper-sim cancelled it.`,
    );
    const again = await runCli(["cancel", order.clientOrderId], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is already cancelled: nothing is left to cancel/);

    const overview = await runCli(["status", "--json"], env());
    expect(JSON.parse(overview.stdout)).toMatchObject({
      trading: { state: "active" },
      openOrders: 0,
    });
  }, 300_000);
});
