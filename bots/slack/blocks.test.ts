import { describe, expect, it } from "vitest";
import {
  file,
  image,
  preformatted,
  progress,
  table,
  text,
  type OutgoingMessage,
} from "../core/message.ts";
import {
  maxBlocksPerMessage,
  maxSectionChars,
  renderSlackMessage,
  slackBlocksOf,
} from "./blocks.ts";
import { toMrkdwn, unescapeMrkdwn } from "./mrkdwn.ts";

const sectionText = (block: unknown) => (block as { text: { text: string } }).text.text;

describe("markdown-light as Slack mrkdwn", () => {
  it("turns bold and bullets into Slack's, escapes &, < and >, and leaves code spans alone", () => {
    expect(toMrkdwn("**Sharpe** 1.2 & <b>\n- one\n  - two\n`a **b** c` **d**")).toBe(
      "*Sharpe* 1.2 &amp; &lt;b&gt;\n• one\n  • two\n`a **b** c` *d*",
    );
  });

  it("reads people's escaped text back", () => {
    expect(unescapeMrkdwn("a &lt; b &amp;&amp; c &gt; d")).toBe("a < b && c > d");
  });
});

describe("messages as Block Kit", () => {
  it("renders text, tables, progress and buttons, with the summary as fallback text", () => {
    const message: OutgoingMessage = {
      summary: "Backtest done",
      blocks: [
        text("**Done** <3"),
        preformatted("a  b\n1  2"),
        table(["", "Strategy"], [["Sharpe", "1.20"]], "Backtest b1"),
        progress(0.5, "simulating"),
        {
          kind: "buttons",
          buttons: [{ id: "approval:approve", label: "Approve", style: "primary", value: "v" }],
        },
        image(Uint8Array.from([1]), "Equity curve", "equity.png"),
        file(Uint8Array.from([2]), "sma cross.py", "text/x-python", "Python program"),
      ],
    };
    const { text: fallback, pages, uploads } = renderSlackMessage(message);
    expect(fallback).toBe("Backtest done");
    expect(
      uploads.map(({ fileName, description, image }) => [fileName, description, image]),
    ).toEqual([
      ["equity.png", "Equity curve", true],
      ["sma-cross.py", "Python program", false],
    ]);
    expect(pages).toHaveLength(1);
    const [done, code, caption, tableCode, bar, actions] = pages[0]!;
    expect(sectionText(done)).toBe("*Done* &lt;3");
    expect(sectionText(code)).toBe("```\na  b\n1  2\n```");
    expect(sectionText(caption)).toBe("*Backtest b1*");
    expect(sectionText(tableCode)).toBe(
      "```\n        Strategy\n------  --------\nSharpe      1.20\n```",
    );
    expect(sectionText(bar)).toBe("[##########----------] 50% simulating");
    expect(actions).toEqual({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: "approval:approve",
          text: { type: "plain_text", text: "Approve" },
          value: "v",
          style: "primary",
        },
      ],
    });
  });

  it("mentions only the person a message notifies, ahead of it, and only a real user id", () => {
    const notified = renderSlackMessage({
      blocks: [text("price alert: <@U999> fell")],
      summary: "price alert",
      notify: "U0123ABCD",
    });
    expect(notified.text).toBe("<@U0123ABCD> price alert");
    expect(notified.pages[0]!.map(sectionText)).toEqual([
      "<@U0123ABCD>",
      "price alert: &lt;@U999&gt; fell",
    ]);
    const forged = renderSlackMessage({ blocks: [text("x")], summary: "x", notify: "here>" });
    expect(forged.text).toBe("x");
    expect(forged.pages[0]!.map(sectionText)).toEqual(["x"]);
  });

  it("splits long text at Slack's 3000-character section limit, code fences included", () => {
    const line = "x".repeat(99);
    const long = Array.from({ length: 100 }, () => line).join("\n");
    for (const block of [text(long), preformatted(long)]) {
      const sections = slackBlocksOf(block).map(sectionText);
      expect(sections.length).toBeGreaterThan(3);
      for (const section of sections) expect(section.length).toBeLessThanOrEqual(maxSectionChars);
      expect(sections.join("").replaceAll("`", "").replaceAll("\n", "")).toBe(
        long.replaceAll("\n", ""),
      );
    }
  });

  it("makes no block of empty text and pages past 50 blocks", () => {
    expect(slackBlocksOf(text("  "))).toEqual([]);
    const many = Array.from({ length: 120 }, (_, index) => text(`line ${index}`));
    const { pages } = renderSlackMessage({ summary: "many", blocks: many });
    expect(pages.map((page) => page.length)).toEqual([
      maxBlocksPerMessage,
      maxBlocksPerMessage,
      20,
    ]);
  });
});
