import type { ResearchSource } from "../../tools/ports/research.ts";
import type { Store } from "../../tools/ports/store.ts";
import { isoTime } from "../../tools/time-input.ts";

/** Failed reads in a row after which the digest says a source is failing: one bad morning is not news. */
export const repeatedFailures = 3;
/** An error is quoted this long at most. */
const errorChars = 160;

const quoted = (error: string) =>
  error.length <= errorChars ? error : `${error.slice(0, errorChars - 1).trimEnd()}…`;

function failingLine(source: ResearchSource): string {
  const lastGood =
    source.lastFetchedAtMs === null
      ? "never read"
      : `last read ${isoTime(source.lastFetchedAtMs).slice(0, 16).replace("T", " ")} UTC`;
  return `${source.name} (failed ${source.consecutiveFailures} reads in a row, ${lastGood}; last error: ${quoted(source.lastError ?? "unknown")})`;
}

/**
 * The research section's footer: the sources whose last `repeatedFailures` or more reads failed,
 * so research the desk expects may be missing. Undefined when none is.
 */
export async function failingSourcesNote(
  store: Pick<Store, "listResearchSources">,
): Promise<string | undefined> {
  const failing = (await store.listResearchSources()).filter(
    (source) => source.consecutiveFailures >= repeatedFailures && source.pausedAtMs === null,
  );
  if (failing.length === 0) return undefined;
  const sources = failing.length === 1 ? "A research source is" : "Research sources are";
  return `${sources} failing, so research from ${failing.length === 1 ? "it" : "them"} may be missing: ${failing.map(failingLine).join("; ")}.`;
}
