import type { ResourceLink } from "@modelcontextprotocol/sdk/types.js";

export const scheme = "alphadesk://";

export const resourceUri = {
  strategy: (id: string) => `${scheme}strategies/${id}`,
  backtest: (id: string) => `${scheme}backtests/${id}`,
  trades: (id: string) => `${scheme}backtests/${id}/trades.csv`,
  equity: (id: string) => `${scheme}backtests/${id}/equity.csv`,
  finding: (id: string) => `${scheme}findings/${id}`,
  research: (id: string) => `${scheme}research/${id}`,
};

/** Result fields that hold the id of a stored strategy or backtest, by tool ("*" for every tool). */
const idFields: Record<string, Record<string, "strategy" | "backtest">> = {
  "*": { strategyId: "strategy", backtestId: "backtest" },
  backtest_strategy: { id: "backtest" },
  get_backtest: { id: "backtest" },
};

/** Links to the stored records a result names, so a client can fetch the bulky parts on demand. */
export function resourceLinksFor(
  toolName: string,
  result: Record<string, unknown>,
): ResourceLink[] {
  const links: ResourceLink[] = [];
  const fields = { ...idFields["*"], ...idFields[toolName] };
  for (const [field, kind] of Object.entries(fields)) {
    const id = result[field];
    if (typeof id !== "string") continue;
    if (kind === "strategy") {
      links.push(link(resourceUri.strategy(id), `strategy ${id.slice(0, 12)}`, "application/json"));
    } else {
      links.push(
        link(resourceUri.backtest(id), `backtest ${id}`, "application/json"),
        link(resourceUri.trades(id), `trades of backtest ${id}`, "text/csv"),
        link(resourceUri.equity(id), `equity curve of backtest ${id}`, "text/csv"),
      );
    }
  }
  // A research search names documents in its results: each gets a link to its full text.
  if (toolName === "search_research" && Array.isArray(result["results"]))
    for (const hit of result["results"] as { documentId?: unknown; title?: unknown }[])
      if (typeof hit.documentId === "string")
        links.push(
          link(
            resourceUri.research(hit.documentId),
            `research: ${String(hit.title)}`,
            "application/json",
          ),
        );
  return links;
}

const link = (uri: string, name: string, mimeType: string): ResourceLink => ({
  type: "resource_link",
  uri,
  name,
  mimeType,
});
