import { AlphadeskError } from "../../tools/errors.ts";
import type { Clock } from "../../tools/ports/clock.ts";
import type { Embedder } from "../../tools/ports/embedder.ts";
import type { PageFetcher } from "../../tools/ports/page-fetcher.ts";
import type { Store } from "../../tools/ports/store.ts";
import type { ResearchLinker } from "../link/research-linker.ts";

/** What one ingest run works with, shared by its sources and items. */
export interface IngestRun {
  store: Store;
  fetcher: PageFetcher;
  /** Absent: documents are stored without embeddings and found by their words only. */
  embedder?: Embedder;
  linker: ResearchLinker;
  clock: Clock;
  signal: AbortSignal;
  /** New feed items read per source, at most. */
  maxItems: number;
}

/** Progress within one source: `fraction` of it done. */
export type SourceProgress = (fraction: number, message: string) => void;

export const ingestCancelled = () =>
  new AlphadeskError(
    "cancelled",
    "ingest_research was cancelled: the documents stored before then are whole and kept, none was half-written; the source it was reading is read again next run",
    "user",
  );

/** Stops between steps, never inside a document's one-transaction save. */
export function stopIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw ingestCancelled();
}
