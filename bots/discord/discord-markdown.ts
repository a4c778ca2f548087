import { splitText } from "../core/message.ts";

/**
 * Markdown-light text as Discord shows it: `**bold**`, `` `code` `` and `- ` bullets mean the same
 * in Discord's markdown, so they stay; every other character Discord would interpret is escaped,
 * so `generate_demo_market` does not turn italic and a `# ` or `> ` line is not a heading or quote.
 */
export function discordMarkdown(markdownLight: string): string {
  return markdownLight.split("\n").map(escapeLine).join("\n");
}

const fence = "```";

/**
 * Preformatted text as code blocks of at most `maxChars` each, cut at line breaks where it can; a
 * "```" inside is broken by a zero-width space so it cannot close the block early.
 */
export function codeBlocks(body: string, maxChars: number): string[] {
  const safe = body.replaceAll(fence, "`\u200b``");
  const overheadChars = 2 * fence.length + 2;
  return splitText(safe, maxChars - overheadChars).map((piece) => `${fence}\n${piece}\n${fence}`);
}

/** Code spans (`` `x` ``) are shown as written; the text around them is escaped. */
function escapeLine(line: string): string {
  const escaped = line
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : escapeInline(part)))
    .join("");
  // Headings (`#`, `-#`) and quotes (`>`) only count at the start of a line.
  return escaped.replace(/^(\s*)(#|-#|>)/, "$1\\$2");
}

/** `**` stays bold; a single `*`, `_`, `~`, `|`, `[`, `]` and `\` are shown literally. */
function escapeInline(text: string): string {
  return text.replace(/\*\*|[\\*_~|[\]]/g, (match) => (match === "**" ? match : `\\${match}`));
}
