import { load, type CheerioAPI } from "cheerio";
import { htmlToText } from "./html-text.ts";
import { jsonLdObjects, namesOf } from "./json-ld.ts";

export interface ExtractedArticle {
  title: string | null;
  publishedAtMs: number | null;
  author: string | null;
  /** The main text, paragraphs separated by a blank line. Untrusted: data to show, never instructions. */
  text: string;
}

/** Page furniture that is never the article. */
const clutter =
  "script, style, noscript, template, nav, header, footer, aside, form, button, select, textarea, dialog, iframe";
/** Where publishers put the article, best first. */
const contentContainers = ["article", "main", '[role="main"]'];

/** Title, date, author and main text of an article page. Parses only: nothing runs or is fetched. */
export function extractArticle(html: string): ExtractedArticle {
  const $ = load(html);
  const linkedData = jsonLdObjects($);
  const metadata = {
    title: firstText([
      $('meta[property="og:title"]').attr("content"),
      $("h1").first().text(),
      $("title").first().text(),
    ]),
    publishedAtMs: firstDate([
      $('meta[property="article:published_time"]').attr("content"),
      ...linkedData.map((object) => object["datePublished"]),
      $("time[datetime]").first().attr("datetime"),
      $('meta[name="date"], meta[name="dc.date"], meta[name="pubdate"]').first().attr("content"),
    ]),
    author: firstText([
      $('meta[name="author"]').attr("content"),
      ...linkedData.map((object) => namesOf(object["author"]).join(", ")),
      $('a[rel~="author"]').first().text(),
    ]),
  };
  $(clutter).remove();
  return { ...metadata, text: htmlToText($.html(mainContent($))) };
}

function mainContent($: CheerioAPI) {
  for (const selector of contentContainers) {
    const longest = $(selector)
      .toArray()
      .map((element) => $(element))
      .filter((element) => element.text().trim() !== "")
      .sort((a, b) => b.text().length - a.text().length)[0];
    if (longest) return longest;
  }
  return densestBlock($);
}

/**
 * The element whose own paragraphs hold the most text that is not link text (a readability
 * heuristic: link lists and teasers are mostly links); the body when there are no paragraphs.
 */
function densestBlock($: CheerioAPI) {
  const scores = new Map<unknown, number>();
  let best = $("body");
  let bestScore = 0;
  $("p").each((_, paragraph) => {
    const parent = $(paragraph).parent();
    const proseLength = $(paragraph).text().length - $(paragraph).find("a").text().length;
    const score = (scores.get(parent[0]) ?? 0) + proseLength;
    scores.set(parent[0], score);
    if (score > bestScore) {
      bestScore = score;
      best = parent;
    }
  });
  return best;
}

function firstText(candidates: (string | undefined)[]): string | null {
  for (const candidate of candidates) {
    const text = candidate?.replace(/\s+/g, " ").trim();
    if (text) return text;
  }
  return null;
}

function firstDate(candidates: unknown[]): number | null {
  for (const candidate of candidates) {
    const ms = typeof candidate === "string" ? Date.parse(candidate) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}
