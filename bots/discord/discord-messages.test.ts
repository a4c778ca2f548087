import { ButtonStyle, ComponentType } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  image,
  preformatted,
  progress,
  table,
  text,
  type Block,
  type OutgoingMessage,
} from "../core/message.ts";
import {
  customIdOf,
  discordEdit,
  discordPosts,
  discordTexts,
  maxContentChars,
  parseCustomId,
} from "./discord-messages.ts";
import { discordMarkdown } from "./discord-markdown.ts";

const message = (...blocks: Block[]): OutgoingMessage => ({ blocks, summary: "summary" });
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
const value = "A".repeat(64);
const decision = {
  kind: "buttons" as const,
  buttons: [
    { id: "approval:approve", label: "Approve", style: "primary" as const, value },
    { id: "approval:reject", label: "Reject", style: "danger" as const, value },
  ],
};

describe("Discord markdown", () => {
  it("keeps bold, code and bullets, and escapes what Discord would otherwise interpret", () => {
    expect(discordMarkdown("**Sharpe** 1.2 for `sma_cross`\n- one\n- two")).toBe(
      "**Sharpe** 1.2 for `sma_cross`\n- one\n- two",
    );
    expect(discordMarkdown("generate_demo_market finished")).toBe(
      "generate\\_demo\\_market finished",
    );
    expect(discordMarkdown("# not a heading\n> not a quote\n-# not small")).toBe(
      "\\# not a heading\n\\> not a quote\n\\-# not small",
    );
    expect(discordMarkdown("a*b ~~c~~ ||d|| [e](f) \\")).toBe(
      "a\\*b \\~\\~c\\~\\~ \\|\\|d\\|\\| \\[e\\](f) \\\\",
    );
  });
});

describe("an outgoing message as Discord messages", () => {
  it("puts text first, preformatted text and tables in code blocks, and never pings anyone", () => {
    const [post, ...rest] = discordPosts(
      message(
        text("Backtest done: @everyone look"),
        preformatted("a  b\n```x```"),
        table(["", "Strategy"], [["Sharpe", "1.20"]], "Backtest b1"),
      ),
    );
    expect(rest).toEqual([]);
    expect(post!.body.content).toBe(
      [
        "Backtest done: @everyone look",
        "```\na  b\n`\u200b``x`\u200b``\n```",
        "**Backtest b1**",
        "```\n        Strategy\n------  --------\nSharpe      1.20\n```",
      ].join("\n"),
    );
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });
    expect(post!.body.components).toEqual([]);
    expect(post!.files).toEqual([]);
  });

  it("mentions only the person a message notifies, at its start, and only a real user id", () => {
    const id = "600000000000000001";
    const [post] = discordPosts({ ...message(text("price alert: <@1> fell")), notify: id });
    expect(post!.body.content).toBe(`<@${id}> price alert: <@1> fell`);
    expect(post!.body.allowed_mentions).toEqual({ parse: [], users: [id] });
    // A first post already full gets the mention as a post of its own.
    const full = discordPosts({ ...message(text("y".repeat(maxContentChars))), notify: id });
    expect(full.map((one) => one.body.content.length)).toEqual([
      `<@${id}>`.length,
      maxContentChars,
    ]);
    expect(full[1]!.body.allowed_mentions).toEqual({ parse: [] });
    const [forged] = discordPosts({ ...message(text("x")), notify: "everyone" });
    expect(forged!.body).toMatchObject({ content: "x", allowed_mentions: { parse: [] } });
  });

  it("shows progress as a bar", () => {
    const [post] = discordPosts(message(progress(0.6, "simulating")));
    expect(post!.body.content).toBe("`[############--------] 60%` simulating");
  });

  it("splits text past 2000 characters into several messages, code blocks each closed", () => {
    const line = "x".repeat(99);
    const long = Array.from({ length: 50 }, () => line).join("\n");
    const posts = discordPosts(message(text(long), preformatted(long), decision));
    expect(posts.length).toBeGreaterThan(2);
    for (const post of posts) expect(post.body.content.length).toBeLessThanOrEqual(maxContentChars);
    const code = posts.filter((post) => post.body.content.startsWith("```"));
    for (const post of code) expect(post.body.content).toMatch(/^```\n[x\n]+\n```$/);
    expect(
      posts
        .map((post) => post.body.content)
        .join("\n")
        .match(/x/g)!.length,
    ).toBe(2 * 50 * 99);
    // The buttons go with the last message only.
    expect(posts.slice(0, -1).every((post) => post.body.components.length === 0)).toBe(true);
    expect(posts.at(-1)!.body.components).toHaveLength(1);
  });

  it("uploads images as files with their alt text as the attachment description", () => {
    const posts = discordPosts(
      message(text("Equity"), image(png, "Equity against benchmarks", "equity chart")),
    );
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.attachments).toEqual([
      { id: 0, filename: "equity-chart.png", description: "Equity against benchmarks" },
    ]);
    expect(posts[0]!.files).toEqual([
      { name: "equity-chart.png", data: png, contentType: "image/png" },
    ]);
  });

  it("sends more than ten images as several messages of at most ten", () => {
    const images = Array.from({ length: 12 }, (_, n) => image(png, `chart ${n}`, `c${n}`));
    const posts = discordPosts(message(text("charts"), ...images));
    expect(posts.map((post) => post.files.length)).toEqual([10, 2]);
    expect(posts[1]!.body.attachments!.map((attachment) => attachment.id)).toEqual([0, 1]);
    expect(posts[1]!.body.content).toBe("");
  });

  it("shows buttons as an action row whose custom_id carries the button's id and value", () => {
    const [post] = discordPosts(message(preformatted("card"), decision));
    expect(post!.body.components).toEqual([
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: "Approve",
            custom_id: `approval:approve:${value}`,
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: "Reject",
            custom_id: `approval:reject:${value}`,
          },
        ],
      },
    ]);
    expect(parseCustomId(`approval:approve:${value}`)).toEqual({
      buttonId: "approval:approve",
      value,
    });
    expect(parseCustomId("other")).toEqual({ buttonId: "other", value: "" });
  });

  it("refuses a button whose custom_id would pass Discord's 100 characters", () => {
    const button = { id: "approval:approve", label: "Approve", style: "primary" as const };
    expect(customIdOf({ ...button, value: "v".repeat(83) })).toHaveLength(100);
    expect(() => customIdOf({ ...button, value: "v".repeat(84) })).toThrow(
      /custom_id .* has 101 characters; Discord allows at most 100/,
    );
  });

  it("falls back to the summary for a message with nothing to show", () => {
    expect(discordPosts({ blocks: [], summary: "nothing_here" })[0]!.body.content).toBe(
      "nothing\\_here",
    );
  });
});

describe("an edit", () => {
  it("carries no images, and its components always, so a decided card loses its buttons", () => {
    const edit = discordEdit(message(preformatted("card: approved"), image(png, "alt", "x")));
    expect(edit).toEqual({
      content: "```\ncard: approved\n```",
      components: [],
      allowed_mentions: { parse: [] },
    });
  });

  it("keeps the buttons of a card that is still pending", () => {
    const edit = discordEdit(message(preformatted("card: pending"), decision));
    expect(edit.components[0]!.components.map((button) => button.label)).toEqual([
      "Approve",
      "Reject",
    ]);
  });
});

describe("plain text", () => {
  it("is escaped and split at 2000 characters", () => {
    const texts = discordTexts(`not_allowed ${"y".repeat(2500)}`);
    expect(texts).toHaveLength(2);
    expect(texts[0]!.content.startsWith("not\\_allowed")).toBe(true);
    expect(texts[0]!.allowed_mentions).toEqual({ parse: [] });
  });
});
