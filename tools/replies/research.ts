import { count, fixed } from "./format.ts";

interface SearchOutput {
  results: {
    title: string;
    url: string;
    snippet: string;
    source: string;
    credibility: number;
    publishedAt: string | null;
  }[];
  notice?: string;
}

/** search_research: each document found, best first, with where and when it was published. */
export function describeSearch(result: SearchOutput): string {
  const lines =
    result.results.length === 0
      ? [
          'No stored research matches. Add sources ("add research feed <url>") and read them ("fetch the latest research now").',
        ]
      : result.results.map(
          (hit, index) =>
            `${index + 1}. ${hit.title} (${hit.source}, credibility ${fixed(hit.credibility)}${hit.publishedAt ? `, ${hit.publishedAt.slice(0, 10)}` : ""})\n   ${hit.snippet}\n   ${hit.url}`,
        );
  if (result.notice) lines.push(`Note: ${result.notice}`);
  return lines.join("\n");
}

interface IngestOutput {
  fetched: number;
  stored: number;
  failed: number;
  notDue: number;
  sources: { name: string; stored: number; failed: number; problem?: string | null }[];
}

/** ingest_research: what was read and stored, and each source that failed, with why. */
export function describeIngest(result: IngestOutput): string {
  const lines = [
    `Read ${count(result.sources.length, "source")}: ${count(result.fetched, "document")} fetched, ${result.stored} stored, ${result.failed} failed${result.notDue > 0 ? `; ${count(result.notDue, "source")} not due yet` : ""}.`,
  ];
  for (const source of result.sources)
    if (source.problem) lines.push(`- ${source.name}: ${source.problem}`);
  return lines.join("\n");
}

/** add_research_source: added or already there. */
export function describeSourceAdded(result: { id: string; created: boolean }): string {
  return result.created
    ? `Added research source ${result.id}; "fetch the latest research now" reads it at once, else it is read on its schedule.`
    : `That URL is already research source ${result.id}: nothing changed.`;
}
