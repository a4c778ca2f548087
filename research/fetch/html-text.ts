import { load } from "cheerio";

/** Elements whose content is code or media, never prose to read. */
const nonProse = "head, script, style, noscript, template, iframe, object, embed, svg, canvas";
const blocks =
  "address, article, aside, blockquote, br, dd, div, dl, dt, figcaption, figure, footer, h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section, table, td, th, tr, ul";
/** Unicode's paragraph separator marks block edges: the source's own whitespace collapses freely. */
const paragraphMark = "\u2029";

/**
 * The readable text of an HTML document or fragment: one paragraph per block, separated by a
 * blank line, whitespace collapsed, entities decoded. Parsing only: nothing is run or followed.
 */
export function htmlToText(html: string): string {
  const $ = load(html);
  $(nonProse).remove();
  $(blocks).before(paragraphMark).after(paragraphMark);
  return collapseParagraphs($.root().text());
}

/** Splits at paragraph marks and collapses the whitespace inside each paragraph. */
function collapseParagraphs(text: string): string {
  return text
    .split(paragraphMark)
    .map((paragraph) => paragraph.replace(/\s+/g, " ").trim())
    .filter((paragraph) => paragraph !== "")
    .join("\n\n");
}
