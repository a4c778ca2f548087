import type { ResearchLink } from "../../tools/ports/research.ts";
import type { Store } from "../../tools/ports/store.ts";
import { ResearchLinker } from "./research-linker.ts";

/** Strategies relinked per run at most: a backlog (a first run over many) drains over a few runs. */
export const relinkedPerRun = 25;
/** Documents read per round trip. */
const candidatesPerPage = 200;

export type RelinkStore = Pick<
  Store,
  | "listStrategiesToRelink"
  | "requestStrategy"
  | "requestResearchLinkCandidates"
  | "saveStrategyRelink"
>;

/**
 * Links each strategy saved since the last run to the research stored before it: documents that
 * name a symbol of its universe or one of its mechanisms, read as ingest reads a new document
 * (`ResearchLinker`). Research stored later is linked by ingest itself, which loads the stored
 * strategies at the start of each run. Each strategy's links and its mark are saved together, so
 * a cancelled run leaves none half-done.
 */
export async function relinkNewStrategies(
  store: RelinkStore,
  signal: AbortSignal,
): Promise<{ strategies: number; links: number }> {
  const strategyIds = await store.listStrategiesToRelink(relinkedPerRun);
  let linked = 0;
  for (const strategyId of strategyIds) {
    signal.throwIfAborted();
    const links = await linksToOlderResearch(store, strategyId, signal);
    linked += (await store.saveStrategyRelink(strategyId, links)).linked;
  }
  return { strategies: strategyIds.length, links: linked };
}

async function linksToOlderResearch(
  store: RelinkStore,
  strategyId: string,
  signal: AbortSignal,
): Promise<ResearchLink[]> {
  const linker = await ResearchLinker.of(store, [strategyId]);
  const { symbols, mechanisms } = linker.interests();
  // A spec this version cannot read (or one about nothing research names) links to nothing.
  if (symbols.length === 0 && mechanisms.length === 0) return [];
  const links: ResearchLink[] = [];
  for (let afterDocumentId: string | null = null; ;) {
    signal.throwIfAborted();
    const page = await store.requestResearchLinkCandidates({
      symbols,
      mechanisms,
      afterDocumentId,
      limit: candidatesPerPage,
    });
    for (const document of page) {
      links.push(...linker.linksFor(document.documentId, linker.readDocument(document)));
    }
    if (page.length < candidatesPerPage) return links;
    afterDocumentId = page.at(-1)!.documentId;
  }
}
