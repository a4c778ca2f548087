import type { ResearchStore } from "../../tools/ports/research.ts";
import { starterSources } from "../sources/starter-sources.ts";

/**
 * Adds the starter list of public feeds (research/sources/starter-sources.ts) to a database that
 * has no research source yet, and answers how many it added: once, since afterwards there are
 * sources. A desk that adds its own source first never gets the list.
 */
export async function seedStarterSources(
  store: Pick<ResearchStore, "listResearchSources" | "addResearchSource">,
): Promise<number> {
  if ((await store.listResearchSources()).length > 0) return 0;
  let added = 0;
  for (const source of starterSources) {
    if ((await store.addResearchSource(source)).created) added++;
  }
  return added;
}
