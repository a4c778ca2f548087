import type { Store } from "../../tools/ports/store.ts";
import type { DeskStrategies } from "./desk-strategies.ts";
import type { DigestWindow } from "./digest-window.ts";
import type { HeldPositions } from "./held-positions.ts";

/** What every section of one digest reads. */
export interface DigestScope {
  store: Store;
  window: DigestWindow;
  desk: DeskStrategies;
  positions: HeldPositions;
  /** Items shown per section; the rest are counted. */
  maxItems: number;
}

/** A section of ranked items: the first `maxItems` shown, the rest counted, notes joined. */
export function rankedSection<Kind extends string, Item>(
  kind: Kind,
  title: string,
  ranked: readonly Item[],
  maxItems: number,
  notes: readonly string[],
) {
  return {
    kind,
    title,
    items: ranked.slice(0, maxItems),
    more: Math.max(0, ranked.length - maxItems),
    ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
  };
}
