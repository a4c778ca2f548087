import { count, fixed, utc } from "./format.ts";

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
  paused?: number;
  sources: { name: string; stored: number; failed: number; problem?: string | null }[];
}

/** ingest_research: what was read and stored, and each source that failed, with why. */
export function describeIngest(result: IngestOutput): string {
  const lines = [
    `Read ${count(result.sources.length, "source")}: ${count(result.fetched, "document")} fetched, ${result.stored} stored, ${result.failed} failed${result.notDue > 0 ? `; ${count(result.notDue, "source")} not due yet` : ""}${result.paused ? `; ${count(result.paused, "paused source")} left out` : ""}.`,
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

interface SourceView {
  id: string;
  name: string;
  url: string;
  kind: string;
  credibility: number;
  schedule: { cron: string; timeZone: string } | { refreshMinutes: number };
  paused: boolean;
  lastReadAt: string | null;
  nextReadAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
}

const every = (minutes: number) =>
  minutes % 1440 === 0
    ? `every ${count(minutes / 1440, "day")}`
    : minutes % 60 === 0
      ? `every ${count(minutes / 60, "hour")}`
      : `every ${minutes} minutes`;

/** One source in a line: what it is, how it is read, and how its reads go. */
function sourceLine(source: SourceView): string {
  const schedule =
    "cron" in source.schedule
      ? `at "${source.schedule.cron}" (${source.schedule.timeZone})`
      : every(source.schedule.refreshMinutes);
  const state = source.paused
    ? "paused"
    : [
        source.lastReadAt ? `last read ${utc(source.lastReadAt)}` : "not read yet",
        ...(source.consecutiveFailures > 0
          ? [`${count(source.consecutiveFailures, "failed read")} in a row: ${source.lastError}`]
          : []),
      ].join("; ");
  return `- ${source.id}: ${source.name} (${source.kind}, credibility ${fixed(source.credibility)}), ${schedule}; ${state}. ${source.url}`;
}

/** list_research_sources: a line each, in the order added. */
export function describeSources({ sources }: { sources: SourceView[] }): string {
  if (sources.length === 0)
    return 'No research source yet: "add research feed <url>" adds one (the research job starts with a list of public feeds).';
  return [
    `${count(sources.length, "research source")}:`,
    ...sources.map(sourceLine),
    '"pause research source <id>" stops reading one (its documents stay); "resume research source <id>" reads it again.',
  ].join("\n");
}

/** update_research_source: the source as it is now. */
export function describeSourceUpdated({ source }: { source: SourceView }): string {
  return `Research source ${source.id} is now ${source.paused ? "paused: it is not read until resumed, and its documents stay searchable" : "read on its schedule"}.\n${sourceLine(source)}`;
}
