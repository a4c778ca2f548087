import type { Fact } from "../insight/explanation-facts.ts";
import type { DigestSection } from "./digest-schema.ts";
import { newYorkTime, type DigestWindow } from "./digest-window.ts";
import { listed } from "../../tools/replies/format.ts";

type SectionOf<Kind extends DigestSection["kind"]> = Extract<DigestSection, { kind: Kind }>;

export interface DigestSections {
  research: SectionOf<"research">;
  moves: SectionOf<"overnight_moves">;
  signals: SectionOf<"strategy_signals">;
  findings: SectionOf<"scanner_findings">;
  regimes: SectionOf<"correlation_regimes">;
}

/**
 * The summary as a template: numbers, names and titles appear only as `{fact}` placeholders,
 * so the template summary and a model's rewrite show only what the sections hold. `untrusted`
 * names the facts whose text came from the web (research titles) and their snippets.
 */
export interface SummaryDraft {
  draft: string;
  facts: Fact[];
  untrusted: { fact: string; text: string; snippet: string }[];
}

const ordinals = ["first", "second", "third"] as const;

const signedPercent = (ratio: number) =>
  `${ratio > 0 ? "+" : ratio < 0 ? "-" : ""}${(Math.abs(ratio) * 100).toFixed(2)}%`;

const total = (section: { items: unknown[]; more: number }) => section.items.length + section.more;

/** Records a fact and answers its placeholder. */
type Cite = (name: string, value: number | string, text?: string) => string;

export function draftSummary(window: DigestWindow, sections: DigestSections): SummaryDraft {
  const facts: Fact[] = [];
  const untrusted: SummaryDraft["untrusted"] = [];
  const cite: Cite = (name, value, text = String(value)) => {
    facts.push({ name, value, text });
    return `{${name}}`;
  };
  const since = cite("window.since", window.sinceMs, newYorkTime(window.sinceMs));
  const until = cite("window.until", window.untilMs, newYorkTime(window.untilMs));
  const { research, moves, signals, findings, regimes } = sections;
  const nothingNew = total(research) + total(findings) + total(regimes) === 0;
  const sentences = [
    `Digest from ${since} to ${until}.`,
    ...(nothingNew
      ? [
          "Nothing new in this window: no research linked to your strategies or positions, no scanner finding and no correlation regime event.",
          ...movesSentences(moves, cite),
          ...signalsSentences(signals, cite),
        ]
      : [
          researchSentence(research, cite, untrusted),
          ...movesSentences(moves, cite),
          ...signalsSentences(signals, cite),
          findingsSentence(findings, cite),
          regimesSentence(regimes, cite),
        ]),
  ];
  return { draft: sentences.join(" "), facts, untrusted };
}

/** The most credible item: its title is untrusted text, quoted and shown to a model as such. */
function researchSentence(
  research: DigestSections["research"],
  cite: Cite,
  untrusted: SummaryDraft["untrusted"],
): string {
  const top = research.items[0];
  if (!top) return "No new research concerns your strategies or positions.";
  const count = cite("research.count", total(research));
  const title = cite("research.top.title", top.title, top.title.replace(/\s+/g, " ").trim());
  untrusted.push({ fact: "research.top.title", text: top.title, snippet: top.snippet });
  const source = cite("research.top.source", top.source.name);
  const link = top.links[0];
  const about = cite(
    "research.top.about",
    link
      ? `${link.name} (${link.reason})`
      : `your ${listed(top.positions)} position${top.positions.length > 1 ? "s" : ""}`,
  );
  return total(research) === 1
    ? `${count} new research item concerns your strategies or positions: “${title}” from ${source}, about ${about}.`
    : `${count} new research items concern your strategies or positions; the most credible is “${title}” from ${source}, about ${about}.`;
}

function movesSentences(moves: DigestSections["moves"], cite: Cite): string[] {
  if (moves.items.length === 0)
    return ["No strategy or position gives a symbol to watch overnight."];
  const fresh = moves.items.filter((move) => move.status === "fresh").slice(0, ordinals.length);
  const sentences = [
    fresh.length === 0
      ? "No fresh daily close for the symbols you watch."
      : `${fresh.length === 1 ? "Overnight move" : "Biggest overnight moves"}: ${listed(
          fresh.map(
            (move, index) =>
              `${cite(`moves.${ordinals[index]}.symbol`, move.symbol)} ${cite(`moves.${ordinals[index]}.change`, move.changeRatio!, signedPercent(move.changeRatio!))}`,
          ),
        )}.`,
  ];
  const symbolsWith = (status: "stale" | "missing") =>
    moves.items.filter((move) => move.status === status).map((move) => move.symbol);
  const stale = symbolsWith("stale");
  if (stale.length > 0)
    sentences.push(`Bars are stale for ${cite("moves.stale", stale.join(", "))}.`);
  const missing = symbolsWith("missing");
  if (missing.length > 0)
    sentences.push(
      `No recent daily bars are stored for ${cite("moves.missing", missing.join(", "))}.`,
    );
  return sentences;
}

/** The trading strategies whose rules enter or exit at the next open; none said only when some trade. */
function signalsSentences(signals: DigestSections["signals"], cite: Cite): string[] {
  const first = signals.items[0];
  if (!first) return [];
  const count = cite("signals.count", total(signals));
  const leader = cite(
    "signals.first",
    `${first.strategies[0]!.name} (${first.signals.map((signal) => `${signal.action} ${signal.symbol}`).join(", ")})`,
  );
  return [
    total(signals) === 1
      ? `${count} trading strategy signals at the next open: ${leader}.`
      : `${count} trading strategies signal at the next open, first ${leader}.`,
  ];
}

/** The first finding as ranked: new ones first, then by q-value. */
function findingsSentence(findings: DigestSections["findings"], cite: Cite): string {
  const top = findings.items[0];
  if (!top) return "The scanner found nothing new and re-confirmed nothing.";
  const count = cite("findings.count", total(findings));
  const leader = cite(
    "findings.top",
    `${top.pattern.replaceAll("_", " ")} ${top.direction.replace("_", "/")} on ${top.symbols.join(", ")}`,
  );
  const q = cite(
    "findings.top.q",
    top.qValue,
    top.qValue < 0.001 ? "below 0.001" : top.qValue.toFixed(3),
  );
  return `The scanner has ${count} finding${total(findings) === 1 ? "" : "s"} new or re-confirmed, led by ${leader} (${top.status === "new" ? "new" : "re-confirmed"}, q-value ${q}).`;
}

function regimesSentence(regimes: DigestSections["regimes"], cite: Cite): string {
  const latest = regimes.items[0];
  if (!latest) return "No correlation regime changed.";
  const count = cite("regimes.count", total(regimes));
  const measure =
    latest.metric === "averageCorrelation"
      ? "the average correlation"
      : "the first eigenvalue's share";
  const described = cite(
    "regimes.latest",
    `${measure} of ${latest.symbols.join(", ")} ${latest.direction === "rise" ? "rose" : "fell"} to ${latest.value.toFixed(2)} from ${latest.baseline.toFixed(2)}`,
  );
  return `${count} correlation regime event${total(regimes) === 1 ? "" : "s"}; the latest: ${described}.`;
}
