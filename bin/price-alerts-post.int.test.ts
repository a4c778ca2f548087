import { describe, expect, it } from "vitest";
import { RecordingSurface } from "../test/support/chat-harness.ts";
import { orderHarness, silentLog, type OrderHarness } from "../test/support/order-harness.ts";
import { checkPriceAlerts } from "../tools/alerts/check-price-alerts.ts";
import { setPriceAlert } from "../tools/alerts/set-price-alert.ts";
import { toolJob, type ToolJobData } from "../tools/jobs/tool-job.ts";
import type { ChatSurface } from "../bots/core/surface.ts";
import type { Logger } from "../tools/ports/logger.ts";
import { runTool } from "../tools/run-tool.ts";
import { priceAlertsPostJob } from "./price-alerts-post.ts";
import { closedAfterEach } from "../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

const job = { progress() {}, signal: new AbortController().signal, attempt: 1 };
const data: ToolJobData = { tool: "check_price_alerts", input: {} };

async function postingJob(
  channels: ChatSurface[],
  threads: Record<string, ChatSurface> = {},
  log: Logger = silentLog,
) {
  const h = cleanup(await orderHarness());
  await h.setPrice("SPY", 610);
  await h.setPrice("QQQ", 500);
  const { store, clock, log: toolLog, execution } = h.context;
  const run = toolJob([checkPriceAlerts], { store, clock, log: toolLog, execution: execution! });
  const destinations = {
    channels,
    inThread: (thread: string) => threads[thread],
    threadsReachable: Object.keys(threads).length > 0,
  };
  return { h, post: priceAlertsPostJob(run, destinations, h.store, log) };
}

const lines = (channel: RecordingSurface) =>
  channel.posted.map(({ message }) => message.summary.replace(/ \(.*$/, ""));

describe("the minute's price-alert check", () => {
  it("posts each fired alert to every channel once, those another checker fired included", async () => {
    const failing: ChatSurface = {
      post: () => Promise.reject(new Error("channel_not_found")),
      edit: () => Promise.resolve(),
      whisper: () => Promise.resolve(),
    };
    const channel = new RecordingSurface();
    const { h, post } = await postingJob([failing, channel]);
    const set = (input: object) => runTool(setPriceAlert, input, h.context);
    await set({ symbol: "SPY", price: 600 });
    await set({ symbol: "QQQ", price: 520 });
    expect(await post(data, job)).toMatchObject({ checked: 2, fired: [] });
    expect(channel.posted).toEqual([]);

    await h.setPrice("SPY", 598);
    expect(await post(data, job)).toMatchObject({ fired: [{ symbol: "SPY" }] });
    expect(lines(channel)).toEqual([
      expect.stringMatching(/^price alert [0-9a-f]{8}: SPY fell to or below 600$/),
    ]);
    expect(channel.posted[0]!.message.blocks).toEqual([
      expect.objectContaining({ kind: "text", text: expect.stringMatching(/^🔔 price alert/) }),
    ]);

    // The terminal's check fires QQQ: the next minute's post still tells the channels.
    await h.setPrice("QQQ", 521);
    await runTool(checkPriceAlerts, {}, h.context);
    expect(await post(data, job)).toMatchObject({ checked: 0, fired: [] });
    expect(lines(channel).slice(1)).toEqual([
      expect.stringMatching(/^price alert [0-9a-f]{8}: QQQ rose to or above 520$/),
    ]);
    expect(await post(data, job)).toMatchObject({ checked: 0 });
    expect(channel.posted).toHaveLength(2);
  });

  it("posts an alert to the conversation it was set in, the digest channels only when that fails", async () => {
    const slackThread = "slack:T1:C1:1700000000.0001";
    const gone = "discord:G1:600000000000000001:-";
    const thread = new RecordingSurface();
    const failing: ChatSurface = {
      post: () => Promise.reject(new Error("Unknown Channel")),
      edit: () => Promise.resolve(),
      whisper: () => Promise.resolve(),
    };
    const channel = new RecordingSurface();
    const errors: string[] = [];
    const { h, post } = await postingJob(
      [channel],
      { [slackThread]: thread, [gone]: failing },
      {
        ...silentLog,
        error: (_object: object, message?: string) => void errors.push(message ?? ""),
      },
    );
    const set = (input: object, inThread?: string, actor = h.context.actor) =>
      runTool(setPriceAlert, input, {
        ...h.context,
        actor,
        ...(inThread ? { thread: inThread } : {}),
      });
    await set({ symbol: "SPY", price: 600 }, slackThread, "slack:U0123ABCD");
    await set({ symbol: "SPY", price: 590 }, gone);
    await set({ symbol: "SPY", price: 595 });
    await h.setPrice("SPY", 585);
    expect(await post(data, job)).toMatchObject({ fired: [{}, {}, {}] });
    expect(lines(thread)).toEqual([expect.stringMatching(/SPY fell to or below 600$/)]);
    // Its setter is mentioned in their own conversation, so they are notified; no one elsewhere.
    expect(thread.posted[0]!.message.notify).toBe("U0123ABCD");
    expect(channel.posted.map(({ message }) => message.notify)).toEqual([undefined, undefined]);
    const withoutIds = lines(channel).map((line) => line.replace(/^price alert \w+: /, ""));
    expect(withoutIds.sort()).toEqual(["SPY fell to or below 590", "SPY fell to or below 595"]);
    expect(errors).toEqual([
      "could not post a price alert to the conversation it was set in: the digest channels get it",
    ]);
  });

  it("reads no events without channels, so a channel added later starts from then", async () => {
    const { h, post } = await postingJob([]);
    await runTool(setPriceAlert, { symbol: "SPY", price: 600 }, h.context);
    await h.setPrice("SPY", 590);
    expect(await post(data, job)).toMatchObject({ fired: [{ symbol: "SPY" }] });
    expect(await h.store.eventCursor("digest-channels:price-alerts")).toBeUndefined();
  });
});
