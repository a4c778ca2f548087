import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueExampleSpec } from "../test/support/issue-example-spec.ts";
import { connectInMemory, type MemorySession } from "../test/support/mcp-memory.ts";
import { VegaChartRenderer } from "../tools/adapters/charts/vega-renderer.ts";
import type { ChartRenderer, ChartSpec } from "../tools/ports/chart-renderer.ts";
import { createTestStore } from "../test/support/pglite.ts";
import type { Store } from "../tools/ports/store.ts";

const spec = { ...issueExampleSpec, universe: ["DEMO1"] };
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Draws nothing; remembers what it was asked, and fails when told to. */
class RecordingRenderer implements ChartRenderer {
  readonly charts: ChartSpec[] = [];
  constructor(private readonly fail = false) {}
  async renderPng(chart: ChartSpec): Promise<Uint8Array> {
    this.charts.push(chart);
    if (this.fail) throw new Error("renderer exploded");
    return new Uint8Array(pngSignature);
  }
}

let store: Store;
const sessions: MemorySession[] = [];

beforeAll(async () => {
  store = await createTestStore();
  const setup = await connectInMemory({ store });
  const demo = (await setup.client.callTool({
    name: "generate_demo_market",
    arguments: { years: 1, symbols: ["DEMO1", "SPY"] },
  })) as CallToolResult;
  expect(demo.isError).toBeFalsy();
  await setup.client.close();
});
afterAll(async () => {
  for (const session of sessions) await session.client.close();
  await store.close();
});

async function session(charts?: ChartRenderer) {
  const opened = await connectInMemory({ store, ...(charts ? { charts } : {}) });
  sessions.push(opened);
  return opened.client;
}

const call = async (client: Awaited<ReturnType<typeof session>>, name: string, args: object) =>
  (await client.callTool({ name, arguments: { ...args } })) as CallToolResult;

describe("charts as image content", () => {
  it("follows backtest_strategy's text summary with PNG equity and drawdown charts", async () => {
    const result = await call(await session(new VegaChartRenderer()), "backtest_strategy", {
      spec,
    });
    expect(result.isError).toBeFalsy();
    expect(result.content[0]!.type).toBe("text");
    const images = result.content.filter((block) => block.type === "image");
    expect(images).toHaveLength(2);
    const lastText = result.content.findLastIndex((block) => block.type !== "image");
    expect(lastText).toBe(result.content.length - 1 - images.length);
    for (const image of images) {
      expect(image.mimeType).toBe("image/png");
      expect([...Buffer.from(image.data, "base64").subarray(0, 8)]).toEqual(pngSignature);
    }
  });

  it("charts get_bars' close, and leaves tools without charts alone", async () => {
    const renderer = new RecordingRenderer();
    const client = await session(renderer);
    const bars = await call(client, "get_bars", { symbol: "DEMO1" });
    expect(bars.content.filter((block) => block.type === "image")).toHaveLength(1);
    const calendar = await call(client, "market_calendar", {
      market: "NYSE",
      start: "2024-07-01",
      end: "2024-07-05",
    });
    expect(calendar.content.some((block) => block.type === "image")).toBe(false);
    expect(renderer.charts.map((chart) => chart.title)).toEqual([
      "DEMO1 close, 1d bars (adjusted)",
    ]);
  });

  it("answers without images, not with an error, when drawing fails or no renderer is given", async () => {
    const failing = await call(await session(new RecordingRenderer(true)), "backtest_strategy", {
      spec,
    });
    expect(failing.isError).toBeFalsy();
    expect(failing.structuredContent).toMatchObject({ strategyId: expect.any(String) });
    expect(failing.content.some((block) => block.type === "image")).toBe(false);

    const plain = await call(await session(), "get_bars", { symbol: "DEMO1" });
    expect(plain.content.some((block) => block.type === "image")).toBe(false);
  });
});
