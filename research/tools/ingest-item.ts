import type { FetchedDocument } from "../../tools/ports/page-fetcher.ts";
import type { FeedItem } from "../fetch/feed.ts";
import { storeDocument, type DocumentDraft } from "./ingest-document.ts";
import type { ItemOutcome } from "./ingest-report.ts";
import type { IngestRun } from "./ingest-run.ts";

const isHtml = (contentType: string | null) =>
  contentType === null || /\bx?html\b/i.test(contentType);

/** The article of a fetched page, or null when it is not HTML or holds no readable text. */
export async function pageDraft(
  page: FetchedDocument,
  sourceId: string,
  fallback: { title: string; author: string | null; publishedAtMs: number | null },
): Promise<DocumentDraft | null> {
  if (!isHtml(page.contentType)) return null;
  // cheerio loads with the first page read, not with every command (a fifth of a second).
  const { extractArticle } = await import("../fetch/article.ts");
  const article = extractArticle(page.body);
  if (article.text === "") return null;
  return {
    sourceId,
    url: page.finalUrl,
    title: article.title ?? (fallback.title || page.finalUrl),
    author: article.author ?? fallback.author,
    publishedAtMs: article.publishedAtMs ?? fallback.publishedAtMs,
    text: article.text,
  };
}

/**
 * Reads a feed item's page and stores its article. A page robots.txt disallows is skipped, never
 * requested; one that may answer later (a timeout, a 5xx) fails, so the next run tries it again;
 * otherwise the feed's own summary stands in for a page that is refused, not HTML or empty.
 */
export async function ingestFeedItem(
  item: FeedItem,
  sourceId: string,
  run: IngestRun,
): Promise<ItemOutcome> {
  const report = { url: item.url, title: item.title || null };
  const page = await run.fetcher.fetch(item.url, { signal: run.signal });
  if (page.status === "refused" && (page.reason === "robots" || page.retryable)) {
    const status = page.reason === "robots" ? "skipped" : "failed";
    return {
      item: { ...report, status, reason: page.message },
      read: false,
      retryable: page.retryable,
    };
  }
  if (page.status === "not_modified") {
    return {
      item: { ...report, status: "skipped", reason: `${item.url} is unchanged` },
      read: false,
    };
  }
  const fromPage = page.status === "ok" ? await pageDraft(page, sourceId, item) : null;
  // Kept with the document, so the next run knows the item even when its page moved.
  if (fromPage) return storeDocument({ ...fromPage, listedUrl: item.url }, run);
  const why = page.status === "ok" ? `${page.finalUrl} has no readable article` : page.message;
  if (item.summary === "") {
    const outcome = page.status === "ok" ? "skipped" : "failed";
    return { item: { ...report, status: outcome, reason: why }, read: page.status === "ok" };
  }
  return storeDocument(
    {
      sourceId,
      url: item.url,
      title: item.title || item.url,
      author: item.author,
      publishedAtMs: item.publishedAtMs,
      text: item.summary,
      note: `stored the feed's summary: ${why}`,
    },
    run,
  );
}
