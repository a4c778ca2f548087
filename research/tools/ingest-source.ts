import type { FetchedDocument } from "../../tools/ports/page-fetcher.ts";
import type { ResearchFetchRecord, ResearchSource } from "../../tools/ports/research.ts";
import type { FeedItem } from "../fetch/feed.ts";
import { canonicalUrl } from "../fetch/normalize.ts";
import { storeDocument } from "./ingest-document.ts";
import { ingestFeedItem, pageDraft } from "./ingest-item.ts";
import { SourceTally, type IngestedSource, type ItemOutcome } from "./ingest-report.ts";
import { stopIfCancelled, type IngestRun, type SourceProgress } from "./ingest-run.ts";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads one source, whose read started (was claimed) at `attemptAtMs`: a conditional request
 * with its stored validators (a 304 stores nothing), then a feed's new items or a page's article.
 * A good read is recorded when it is over, with the new validators only when nothing is left to
 * retry, so an interrupted or partly failed run reads the feed again next time; a source that
 * could not be read keeps its validators and last good read, and its error is recorded and
 * counted. Any failure becomes the source's `problem`; only a cancellation leaves, as an error.
 */
export async function ingestSource(
  source: ResearchSource,
  run: IngestRun,
  attemptAtMs: number,
  progress: SourceProgress,
): Promise<IngestedSource> {
  const tally = new SourceTally(source);
  let read: SourceRead;
  try {
    read = await readSource(source, run, tally, progress);
  } catch (error) {
    if (run.signal.aborted) throw error;
    read = { problem: messageOf(error) };
  }
  if ("problem" in read) tally.problem(read.problem);
  tally.recorded(
    "problem" in read
      ? await run.store.recordResearchFailure(source.id, {
          error: read.problem,
          failedAtMs: attemptAtMs,
        })
      : await run.store.recordResearchFetch(source.id, {
          ...read.validators,
          fetchedAtMs: attemptAtMs,
        }),
  );
  return tally.result();
}

/** A read's outcome: the validators to keep, or why the source itself could not be read. */
type SourceRead = { validators: Omit<ResearchFetchRecord, "fetchedAtMs"> } | { problem: string };

async function readSource(
  source: ResearchSource,
  run: IngestRun,
  tally: SourceTally,
  progress: SourceProgress,
): Promise<SourceRead> {
  progress(0, `${source.name}: fetching ${source.url}`);
  const answer = await run.fetcher.fetch(source.url, {
    etag: source.etag,
    lastModified: source.lastModified,
    signal: run.signal,
  });
  if (answer.status === "refused") return { problem: answer.message };
  const kept = { etag: source.etag, lastModified: source.lastModified };
  if (answer.status === "not_modified") {
    tally.notModified();
    return { validators: kept };
  }
  await (source.kind === "rss"
    ? ingestFeed(answer, source, run, tally, progress)
    : ingestPage(answer, source, run, tally));
  return {
    validators: tally.needsRetry ? kept : { etag: answer.etag, lastModified: answer.lastModified },
  };
}

async function ingestFeed(
  feed: FetchedDocument,
  source: ResearchSource,
  run: IngestRun,
  tally: SourceTally,
  progress: SourceProgress,
): Promise<void> {
  // rss-parser and cheerio load with the first feed read, not with every command.
  const { parseFeed } = await import("../fetch/feed.ts");
  const parsed = await parseFeed(feed.body, feed.finalUrl);
  if (parsed.status === "invalid") throw new Error(parsed.message);
  for (const skipped of parsed.skipped) {
    tally.add({
      item: { url: null, title: skipped.title, status: "skipped", reason: skipped.reason },
      read: false,
    });
  }
  // Items already stored (by their canonical URL) are not fetched again.
  const known = new Set(
    await run.store.requestKnownResearchUrls(parsed.items.map((item) => canonicalUrl(item.url))),
  );
  const fresh = parsed.items.filter((item) => !known.has(canonicalUrl(item.url)));
  tally.alreadyStored(parsed.items.length - fresh.length);
  const items = fresh.slice(0, run.maxItems);
  tally.overLimit(fresh.length - items.length);
  for (const [index, item] of items.entries()) {
    stopIfCancelled(run.signal);
    progress(index / items.length, `${source.name}: item ${index + 1} of ${items.length}`);
    tally.add(await ingestItemSafely(item, source, run));
  }
}

/** One item's unexpected failure (a store error, a bad page) is that item's, not its source's. */
async function ingestItemSafely(
  item: FeedItem,
  source: ResearchSource,
  run: IngestRun,
): Promise<ItemOutcome> {
  try {
    return await ingestFeedItem(item, source.id, run);
  } catch (error) {
    if (run.signal.aborted) throw error;
    const reason = messageOf(error);
    return {
      item: { url: item.url, title: item.title || null, status: "failed", reason },
      read: false,
      retryable: true,
    };
  }
}

async function ingestPage(
  page: FetchedDocument,
  source: ResearchSource,
  run: IngestRun,
  tally: SourceTally,
): Promise<void> {
  const draft = await pageDraft(page, source.id, {
    title: source.name,
    author: null,
    publishedAtMs: null,
  });
  if (draft) return tally.add(await storeDocument(draft, run));
  const reason = `${page.finalUrl} has no readable article`;
  tally.add({ item: { url: page.finalUrl, title: null, status: "skipped", reason }, read: true });
}
