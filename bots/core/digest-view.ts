import type { z } from "zod";
import { DigestOutput } from "../../research/digest/digest-schema.ts";
import { text, type Block, type Button, type OutgoingMessage } from "./message.ts";
import { strategyButtons } from "./strategy-buttons.ts";
import { findingSymbols } from "../../tools/replies/format.ts";

type Digest = z.output<typeof DigestOutput>;
type Section = Digest["sections"][number];

/** Strategies a section offers buttons for: five sections of two pairs fit Discord's 25 buttons. */
const maxStrategiesPerSection = 2;

const percent = (ratio: number | null) =>
  ratio === null ? "n/a" : `${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(2)}%`;
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "undated");

/**
 * The morning digest (`research_digest`) as chat messages: the summary, then one message per
 * section with its items as bullets, its note, and Open / Validate buttons for the strategies
 * its items name. Research titles and snippets are web text, shown as quoted data. Undefined for
 * any other output.
 */
export function digestMessages(output: unknown): OutgoingMessage[] | undefined {
  const parsed = DigestOutput.safeParse(output);
  if (!parsed.success) return undefined;
  const digest = parsed.data;
  // The summary opens with the window ("Digest from ... to ..."): no heading repeats it.
  return [
    { blocks: [text(digest.summary)], summary: digest.summary.split("\n")[0]! },
    ...digest.sections.map(sectionMessage),
  ];
}

function sectionMessage(section: Section): OutgoingMessage {
  const lines = itemLines(section);
  if (section.more > 0) lines.push(`- and ${section.more} more`);
  const body = [`**${section.title}**`, ...(lines.length > 0 ? lines : ["- nothing new"])];
  if (section.note) body.push(section.note);
  const blocks: Block[] = [text(body.join("\n"))];
  const buttons = sectionButtons(section);
  if (buttons.length > 0) blocks.push({ kind: "buttons", buttons });
  return { blocks, summary: section.title };
}

function itemLines(section: Section): string[] {
  switch (section.kind) {
    case "research":
      return section.items.map(
        (item) =>
          `- "${item.title}" (${item.source.name}, ${day(item.published)})${item.links.length > 0 ? `: ${item.links.map((link) => `${link.name} (${link.reason})`).join(", ")}` : ""} ${item.url}`,
      );
    case "overnight_moves":
      return section.items.map((item) =>
        item.status === "fresh"
          ? `- ${item.symbol} ${percent(item.changeRatio)} (${item.previousClose} to ${item.lastClose})${item.heldQuantity !== null ? `, held ${item.heldQuantity}` : ""}`
          : `- ${item.symbol}: ${item.status}${item.note ? ` (${item.note})` : ""}`,
      );
    case "strategy_signals":
      return section.items.map(
        (item) =>
          `- ${item.strategies.map((strategy) => `${strategy.name} (${strategy.stage})`).join(", ")}: ${item.signals.map((signal) => `${signal.action === "enter" ? (item.side === "long" ? "buy" : "sell short") : item.side === "long" ? "sell" : "buy back"} ${signal.symbol}`).join(", ")} at the next open, by the close of ${day(item.lastBar)}${item.stale ? " (stale: fetch newer bars first)" : ""}`,
      );
    case "scanner_findings":
      return section.items.map(
        (item) =>
          `- ${item.status} ${item.pattern} ${findingSymbols(item.symbols)} ${item.direction}: q ${item.qValue.toPrecision(2)}, out-of-sample Sharpe ${item.outOfSampleSharpe.toFixed(2)}, confirmed ${item.timesConfirmed}x`,
      );
    case "correlation_regimes":
      return section.items.map(
        (item) =>
          `- ${item.metric} ${item.direction} to ${item.value.toFixed(2)} (baseline ${item.baseline.toFixed(2)}) on ${item.symbols.join(", ")}, ${item.at.slice(0, 10)}`,
      );
  }
}

/** One pair of buttons per strategy the section's items name, first mentioned first. */
function sectionButtons(section: Section): Button[] {
  const names = new Map<string, string>();
  for (const item of section.items) {
    const mentioned = "links" in item ? item.links : "strategies" in item ? item.strategies : [];
    for (const strategy of mentioned) names.set(strategy.strategyId, strategy.name);
  }
  const ids: string[] = [];
  for (const item of section.items)
    for (const action of item.actions)
      if (!ids.includes(action.strategyId)) ids.push(action.strategyId);
  return ids.slice(0, maxStrategiesPerSection).flatMap((id) => strategyButtons(id, names.get(id)));
}
