import type { FetchedDocument } from "../../tools/ports/page-fetcher.ts";
import type { ResearchSource } from "../../tools/ports/research.ts";
import { parseFeed, type FeedItem } from "../fetch/feed.ts";
import { storeDocument } from "./ingest-document.ts";
import { ingestFeedItem, pageDraft } from "./ingest-item.ts";
import { SourceTally, type IngestedSource, type ItemOutcome } from "./ingest-report.ts";
import { stopIfCancelled, type IngestRun, type SourceProgress } from "./ingest-run.ts";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads one source: a conditional request with its stored validators (a 304 stores nothing),
 * then a feed's new items or a page's article. A read is recorded when it is over, with the new
 * validators only when nothing is left to retry, so an interrupted or partly failed run reads
 * the feed again next time; a source that could not be read keeps its record (the last good
 * read). Any failure becomes the source's `problem`; only a cancellation leaves, as an error.
 */
export async function ingestSource(
  source: ResearchSource,
  run: IngestRun,
  progress: SourceProgress,
): Promise<IngestedSource> {
  const tally = new SourceTally(source);
  try {
    progress(0, `${source.name}: fetching ${source.url}`);
    const fetchedAtMs = run.clock.nowMs();
    const answer = await run.fetcher.fetch(source.url, {
      etag: source.etag,
      lastModified: source.lastModified,
      signal: run.signal,
    });
    if (answer.status === "refused") {
      tally.problem(answer.message);
      return tally.result();
    }
    let validators = { etag: source.etag, lastModified: source.lastModified };
    if (answer.status === "not_modified") {
      tally.notModified();
    } else {
      await (source.kind === "rss"
        ? ingestFeed(answer, source, run, tally, progress)
        : ingestPage(answer, source, run, tally));
      if (!tally.needsRetry) validators = { etag: answer.etag, lastModified: answer.lastModified };
    }
    await run.store.recordResearchFetch(source.id, { ...validators, fetchedAtMs });
  } catch (error) {
    if (run.signal.aborted) throw error;
    tally.problem(messageOf(error));
  }
  return tally.result();
}

async function ingestFeed(
  feed: FetchedDocument,
  source: ResearchSource,
  run: IngestRun,
  tally: SourceTally,
  progress: SourceProgress,
): Promise<void> {
  const parsed = await parseFeed(feed.body, feed.finalUrl);
  if (parsed.status === "invalid") throw new Error(parsed.message);
  for (const skipped of parsed.skipped) {
    tally.add({
      item: { url: null, title: skipped.title, status: "skipped", reason: skipped.reason },
      read: false,
    });
  }
  const items = parsed.items.slice(0, run.maxItems);
  tally.overLimit(parsed.items.length - items.length);
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
  const draft = pageDraft(page, source.id, {
    title: source.name,
    author: null,
    publishedAtMs: null,
  });
  if (draft) return tally.add(await storeDocument(draft, run));
  const reason = `${page.finalUrl} has no readable article`;
  tally.add({ item: { url: page.finalUrl, title: null, status: "skipped", reason }, read: true });
}
