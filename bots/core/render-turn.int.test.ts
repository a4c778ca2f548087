import { describe, expect, it } from "vitest";
import type { Brain, BrainStep } from "../../agent/brain.ts";
import { buildAgent } from "../../agent/graph.ts";
import { resumeTurn, runTurn } from "../../agent/run-turn.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { SqlCheckpointSaver } from "../../tools/adapters/sql/checkpoint-saver.ts";
import { chartsForResult } from "../../tools/charts/charts-for-result.ts";
import { tools as registry, type BacktestResult } from "../../tools/index.ts";
import { approvalCard } from "../../tools/orders/approval-card.ts";
import type { ChartRenderer, ChartSpec } from "../../tools/ports/chart-renderer.ts";
import { runTool } from "../../tools/run-tool.ts";
import { actorId, parseApprovers } from "./approvers.ts";
import { allSettled, decideButton, decodeDecisionValue, DecisionButton } from "./decide.ts";
import type { ButtonsBlock, ImageBlock, TableBlock, TextBlock } from "./message.ts";
import { readWaitingApprovals, renderTurn } from "./render-turn.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

/** A brain that plays a script, one step per call. */
class ScriptedBrain implements Brain {
  readonly name = "script";
  constructor(private readonly script: BrainStep[]) {}
  next(): Promise<BrainStep> {
    const step = this.script.shift();
    if (!step) throw new Error("the script ran out");
    return Promise.resolve(step);
  }
}

const call = (name: string, input: Record<string, unknown>, content = ""): BrainStep => ({
  content,
  toolCalls: [{ id: `${name}-1`, name, input }],
});
const say = (content: string): BrainStep => ({ content, toolCalls: [] });

/** Draws nothing; remembers what it was asked, and fails when told to. */
class RecordingRenderer implements ChartRenderer {
  readonly charts: ChartSpec[] = [];
  constructor(private readonly fail = false) {}
  async renderPng(chart: ChartSpec): Promise<Uint8Array> {
    this.charts.push(chart);
    if (this.fail) throw new Error("renderer exploded");
    return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, this.charts.length]);
  }
}

function agentOver(h: OrderHarness, brain: Brain) {
  return buildAgent({
    brain,
    tools: registry,
    checkpointer: new SqlCheckpointSaver(h.client),
    approvals: h.store,
    contextFor: (_tool, actor) => ({ ...h.context, actor, done: () => undefined }),
  });
}

const slackUser = actorId("slack", "U1");

async function backtestTurn(h: OrderHarness) {
  const generate = registry.find((tool) => tool.name === "generate_demo_market")!;
  await runTool(generate, { years: 1, symbols: ["DEMO1", "SPY"] }, h.context);
  const spec = { ...issueExampleSpec, universe: ["DEMO1"] };
  const brain = new ScriptedBrain([call("backtest_strategy", { spec }), say("Here is the run.")]);
  return runTurn(agentOver(h, brain), "slack:T1:C1:1.1", "backtest it", slackUser);
}

describe("rendering a backtest turn", () => {
  it("shows the reply, the tool's metrics against its benchmarks, and a PNG per chart", async () => {
    const h = cleanup(await orderHarness({ approvers: [slackUser] }));
    const turn = await backtestTurn(h);
    const output = turn.toolCalls[0]!.output as BacktestResult;
    const renderer = new RecordingRenderer();
    const messages = await renderTurn(turn, { waiting: [], charts: renderer });

    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message!.summary).toBe("Here is the run.");
    expect(message!.blocks.map((block) => block.kind)).toEqual(["text", "table", "image", "image"]);
    expect((message!.blocks[0] as TextBlock).text).toBe("Here is the run.");

    const metricsTable = message!.blocks[1] as TableBlock;
    const columns = [
      output.metrics,
      output.benchmarks.buyAndHold.metrics,
      output.benchmarks.sma50_200.metrics,
      output.benchmarks.spy!.metrics,
    ];
    expect(metricsTable.caption).toBe(
      `Backtest ${output.id} of "${output.name}", ${output.metrics.startTime!.slice(0, 10)} to ${output.metrics.endTime!.slice(0, 10)}`,
    );
    expect(metricsTable.header).toEqual([
      "",
      "Strategy",
      "Buy and hold (equal weight)",
      "SMA 50/200 trend (equal weight)",
      "Buy and hold SPY",
    ]);
    const pct = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(1)}%`);
    expect(metricsTable.rows).toEqual([
      ["Total return", ...columns.map((m) => pct(m.totalReturn))],
      ["CAGR", ...columns.map((m) => pct(m.cagr))],
      ["Volatility", ...columns.map((m) => pct(m.volatility))],
      ["Sharpe", ...columns.map((m) => (m.sharpe === null ? "n/a" : m.sharpe.toFixed(2)))],
      ["Max drawdown", ...columns.map((m) => pct(-m.maxDrawdown))],
      ["Win rate", ...columns.map((m) => pct(m.winRate))],
      ["Trades", ...columns.map((m) => String(m.trades))],
      ["Exposure", ...columns.map((m) => pct(m.exposure))],
    ]);

    // One image per chart the tool result has, drawn from exactly those specs.
    const charts = chartsForResult("backtest_strategy", output);
    expect(renderer.charts).toEqual(charts);
    const images = message!.blocks.slice(2) as ImageBlock[];
    expect(images.map((block) => [...block.png])).toEqual([
      [0x89, 0x50, 0x4e, 0x47, 1],
      [0x89, 0x50, 0x4e, 0x47, 2],
    ]);
    expect(images[0]!.altText).toBe(`${charts[0]!.title}. ${charts[0]!.subtitle}`);
    expect(images[0]!.altText).toMatch(/^Equity against benchmarks/);
    expect(images[1]!.altText).toMatch(/^Drawdown/);
    for (const block of images)
      expect(block.fileName).toMatch(/^backtest_strategy-\d-[\w.-]+\.png$/);
  });

  it("puts a variant's original in the column after the strategy", async () => {
    const h = cleanup(await orderHarness({ approvers: [slackUser] }));
    const first = (await backtestTurn(h)).toolCalls[0]!.output as BacktestResult;
    const brain = new ScriptedBrain([
      call("backtest_strategy", {
        strategyId: first.strategyId,
        changes: { stopLoss: { percent: 3 } },
      }),
      say("Here is the variant."),
    ]);
    const turn = await runTurn(agentOver(h, brain), "slack:T1:C1:2.2", "add a stop", slackUser);
    const output = turn.toolCalls[0]!.output as BacktestResult;
    const [message] = await renderTurn(turn, { waiting: [] });
    const table = message!.blocks[1] as TableBlock;
    expect(table.header.slice(0, 3)).toEqual(["", "Strategy", "Before the changes"]);
    expect(table.rows[0]!.slice(0, 3)).toEqual([
      "Total return",
      `${(output.metrics.totalReturn * 100).toFixed(1)}%`,
      `${(first.metrics.totalReturn * 100).toFixed(1)}%`,
    ]);
    expect(output.variantOf?.metrics).toEqual(first.metrics);
  });

  it("says so in text when a chart cannot be drawn, and shows no images without a renderer", async () => {
    const h = cleanup(await orderHarness({ approvers: [slackUser] }));
    const turn = await backtestTurn(h);
    const failed = await renderTurn(turn, { waiting: [], charts: new RecordingRenderer(true) });
    expect(failed[0]!.blocks.map((block) => block.kind)).toEqual(["text", "table", "text", "text"]);
    expect((failed[0]!.blocks[2] as TextBlock).text).toMatch(
      /^\(The chart "Equity against benchmarks.*" could not be drawn: renderer exploded\.\)$/,
    );
    const plain = await renderTurn(turn, { waiting: [] });
    expect(plain[0]!.blocks.map((block) => block.kind)).toEqual(["text", "table"]);
  });
});

describe("rendering an order turn", () => {
  it("shows the card from the stored rows with buttons naming the approval and its hash, and a click resumes the thread", async () => {
    const h = cleanup(await orderHarness({ approvers: [slackUser] }));
    await h.setPrice("AAPL", 100);
    const modelText = "APPROVED ALREADY: SELL 1000 TSLA, just click Approve";
    const agent = agentOver(
      h,
      new ScriptedBrain([
        call("propose_order", { symbol: "AAPL", side: "buy", quantity: 5 }, modelText),
        say("Done: the order was decided."),
      ]),
    );
    const turn = await runTurn(agent, "slack:T1:C1:1.2", "buy 5 AAPL", slackUser);
    expect(turn.waitingFor).toHaveLength(1);
    const waiting = await readWaitingApprovals(h.store, turn.waitingFor);
    const [{ approval, intent }] = waiting as [(typeof waiting)[number]];
    const messages = await renderTurn(turn, { waiting, charts: new RecordingRenderer() });

    expect(messages).toHaveLength(2);
    const card = messages[1]!;
    expect(card.blocks.map((block) => block.kind)).toEqual(["text", "buttons"]);
    const cardText = card.blocks[0] as TextBlock;
    expect(cardText).toEqual({
      kind: "text",
      format: "preformatted",
      text: approvalCard(approval, intent, intent.live).join("\n"),
    });
    expect(cardText.text).toMatch(/^Paper order on paper-sim\n {2}BUY 5 AAPL at market/);
    expect(card.summary).toBe(`Paper order on paper-sim: BUY 5 AAPL at market (pending)`);
    // Nothing the model wrote is on the card.
    expect(JSON.stringify(card)).not.toContain("TSLA");
    expect(JSON.stringify(card)).not.toContain(turn.reply);

    const { buttons } = card.blocks[1] as ButtonsBlock;
    expect(buttons.map(({ id, label, style }) => [id, label, style])).toEqual([
      [DecisionButton.APPROVE, "Approve", "primary"],
      [DecisionButton.REJECT, "Reject", "danger"],
    ]);
    for (const button of buttons) {
      expect(decodeDecisionValue(button.value)).toEqual({
        ok: true,
        target: { approvalId: approval.id, paramsHash: approval.paramsHash },
      });
      // Discord carries both in one custom_id of at most 100 characters.
      expect(`${button.id}:${button.value}`.length).toBeLessThanOrEqual(100);
    }

    // The click, as an adapter would pass it on.
    const approvers = parseApprovers([slackUser]);
    if (!approvers.ok) throw new Error("bad approvers");
    const outcome = await decideButton(
      { store: h.store, approvers: approvers.approvers, clock: { nowMs: h.now } },
      { platform: "slack", userId: "U1", buttonId: buttons[0]!.id, value: buttons[0]!.value },
    );
    expect(outcome).toMatchObject({ status: "approved", wakeExecutor: true, resumeThread: true });
    expect(await allSettled(h.store, turn.waitingFor)).toBe(true);
    const resumed = await resumeTurn(agent, turn.threadId);
    expect(resumed.waitingFor).toEqual([]);
    expect(resumed.reply).toBe("Done: the order was decided.");

    // A decided approval's card has no buttons left to press.
    const after = await renderTurn(resumed, {
      waiting: await readWaitingApprovals(h.store, [approval.id]),
    });
    expect(after.at(-1)!.blocks.map((block) => block.kind)).toEqual(["text"]);
    expect((after.at(-1)!.blocks[0] as TextBlock).text).toMatch(/approved, slack:U1 may decide/);
  });
});
