import Parser from "rss-parser";
import { htmlToText } from "./html-text.ts";
import { isHttpUrl, parseAbsoluteUrl, resolveUrl } from "./http-url.ts";

export interface FeedItem {
  title: string;
  /** Absolute http(s) URL of the item, resolved against the feed's URL. */
  url: string;
  publishedAtMs: number | null;
  author: string | null;
  /** Plain text of the item's summary or content. Untrusted: data to show, never instructions. */
  summary: string;
  categories: string[];
}

export interface SkippedFeedItem {
  /** Position in the feed, from 0. */
  index: number;
  title: string | null;
  reason: string;
}

export type ParsedFeed =
  | { status: "ok"; title: string | null; items: FeedItem[]; skipped: SkippedFeedItem[] }
  | { status: "invalid"; message: string };

/** What rss-parser yields per item, with the fields we ask it to keep. */
type RawItem = Parser.Item & { author?: string; categoryElements?: unknown[] };

/** Items of an RSS (0.9, 1, 2) or Atom document; text that is not a feed is `invalid`, not thrown. */
export async function parseFeed(xml: string, feedUrl: string): Promise<ParsedFeed> {
  const base = parseAbsoluteUrl(feedUrl, "feedUrl");
  // rss-parser keeps only the text of RSS categories and drops Atom's; keep the raw elements.
  const parser = new Parser<object, RawItem>({
    customFields: { item: [["category", "categoryElements", { keepArray: true }]] },
  });
  const feed = await parser
    .parseString(xml)
    .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  if (typeof feed === "string") {
    return { status: "invalid", message: `${feedUrl} is not an RSS or Atom feed: ${feed}` };
  }
  const items: FeedItem[] = [];
  const skipped: SkippedFeedItem[] = [];
  for (const [index, raw] of feed.items.entries()) {
    const item = toFeedItem(raw, base);
    if (typeof item === "string") {
      skipped.push({ index, title: textOrNull(raw.title), reason: item });
    } else {
      items.push(item);
    }
  }
  return { status: "ok", title: textOrNull(feed.title), items, skipped };
}

/** The item, or why it is skipped. */
function toFeedItem(raw: RawItem, base: URL): FeedItem | string {
  if (!raw.link?.trim()) return "it has no link";
  const url = resolveUrl(raw.link.trim(), base);
  if (!url || !isHttpUrl(url)) return `its link ${JSON.stringify(raw.link)} is not an http(s) URL`;
  const publishedAtMs = Date.parse(raw.isoDate ?? "");
  return {
    title: textOrNull(raw.title) ?? "",
    url: url.href,
    publishedAtMs: Number.isFinite(publishedAtMs) ? publishedAtMs : null,
    author: textOrNull(raw.creator ?? raw.author),
    summary: htmlToText(raw.summary ?? raw.content ?? ""),
    categories: (raw.categoryElements ?? []).map(categoryName).filter((name) => name !== ""),
  };
}

/** RSS: `<category>Rates</category>` (a string, or `{_: "Rates"}` with attributes); Atom: `<category term="rates" label="Rates"/>`. */
function categoryName(element: unknown): string {
  if (typeof element === "string") return element.trim();
  if (typeof element !== "object" || element === null) return "";
  const { _: text, $: attributes } = element as {
    _?: unknown;
    $?: { term?: unknown; label?: unknown };
  };
  const name = text ?? attributes?.label ?? attributes?.term;
  return typeof name === "string" ? name.trim() : "";
}

/** Titles may carry markup (Atom's type="html"); null when nothing readable is left. */
function textOrNull(value: string | undefined): string | null {
  return htmlToText(value ?? "") || null;
}
