import { describe, expect, it } from "vitest";
import { createTestStore } from "../test/support/pglite.ts";
import { testContext } from "../test/support/tool-context.ts";
import { orderHarness, type OrderHarness } from "../test/support/order-harness.ts";
import { checkPriceAlerts } from "../tools/alerts/check-price-alerts.ts";
import { setPriceAlert } from "../tools/alerts/set-price-alert.ts";
import { runTool } from "../tools/run-tool.ts";
import { terminalAlerts } from "./terminal-alerts.ts";
import { closedAfterEach } from "../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

async function terminal() {
  const h = cleanup(await orderHarness());
  await h.setPrice("SPY", 610);
  await h.setPrice("QQQ", 500);
  const runtime = { store: h.store, contextFor: () => ({ ...h.context, done() {} }) };
  return { h, show: () => terminalAlerts(runtime) };
}

describe("the terminal's alert check at each prompt", () => {
  it("shows each alert fired since it last showed one, those a worker fired included, once", async () => {
    const { h, show } = await terminal();
    expect(await show()).toEqual([]);
    await runTool(setPriceAlert, { symbol: "SPY", price: 600 }, h.context);
    await runTool(setPriceAlert, { symbol: "QQQ", price: 520 }, h.context);
    expect(await show()).toEqual([]);
    await h.setPrice("SPY", 599);
    expect(await show()).toEqual([
      expect.stringMatching(/^🔔 price alert [0-9a-f]{8}: SPY fell to or below 600 \(599 at /),
    ]);
    expect(await show()).toEqual([]);
    // A worker's check fires QQQ between two prompts.
    await h.setPrice("QQQ", 525);
    await runTool(checkPriceAlerts, {}, h.context);
    expect(await show()).toEqual([
      expect.stringMatching(/^🔔 price alert [0-9a-f]{8}: QQQ rose to or above 520 /),
    ]);
  });

  it("says so when it could not check, and the conversation goes on", async () => {
    const store = await createTestStore();
    await store.close(); // the database went away
    const runtime = { store, contextFor: () => ({ ...testContext(store), done() {} }) };
    expect(await terminalAlerts(runtime)).toEqual([
      expect.stringMatching(/^\(price alerts were not checked: .+\)$/),
    ]);
  });
});
