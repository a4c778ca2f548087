import type { StoredResearchItem } from "../../tools/ports/research.ts";
import { isoTime } from "../../tools/time-input.ts";
import { mentions, type DeskStrategies } from "./desk-strategies.ts";
import type { DigestScope } from "./digest-scope.ts";
import { failingSourcesNote } from "./failing-sources.ts";
import type { ResearchItem } from "./digest-schema.ts";

/** A snippet's length: a sentence or two, enough to see what a document is about. */
const snippetChars = 240;

/** The start of a text, whitespace collapsed, cut at a word with "…" when longer. */
export function openingSnippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= snippetChars) return flat;
  const cut = flat.slice(0, snippetChars);
  const space = cut.lastIndexOf(" ");
  return `${(space > snippetChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Research stored in the window that is linked to a strategy or names a held symbol, the most
 * credible source first, then the newest: ranked by the store, at most `maxItems`.
 */
export async function researchSection({ store, window, desk, positions, maxItems }: DigestScope) {
  const held = positions.quantities;
  const { items, total } = await store.listStoredResearch({
    ...window,
    symbols: [...held.keys()],
    limit: maxItems,
  });
  const failing = await failingSourcesNote(store);
  const notes = [
    ...(total === 0
      ? ["No research linked to your strategies or positions was stored in this window."]
      : []),
    ...(failing === undefined ? [] : [failing]),
  ];
  return {
    kind: "research" as const,
    title: "Research on your strategies and positions",
    items: items.map((item) => researchItem(item, desk, held)),
    more: total - items.length,
    ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
  };
}

function researchItem(
  item: StoredResearchItem,
  desk: DeskStrategies,
  held: ReadonlyMap<string, number>,
): ResearchItem {
  const reasons = new Map(item.links.map((link) => [link.strategyId, link.reason]));
  const named = mentions(
    item.links.map((link) => ({
      id: link.strategyId,
      name: link.strategyName,
      stage: desk.stageOf(link.strategyId),
    })),
  );
  return {
    documentId: item.documentId,
    title: item.title,
    url: item.url,
    source: { name: item.source.name, credibility: item.source.credibility },
    published: item.publishedAtMs === null ? null : isoTime(item.publishedAtMs),
    stored: isoTime(item.fetchedAtMs),
    links: named.strategies.map((strategy) => ({
      ...strategy,
      reason: reasons.get(strategy.strategyId)!,
    })),
    moreLinks: named.moreStrategies,
    positions: item.symbols.filter((symbol) => held.has(symbol)),
    symbols: item.symbols,
    mechanisms: item.mechanisms,
    snippet: openingSnippet(item.excerpt),
    actions: named.actions,
  };
}
