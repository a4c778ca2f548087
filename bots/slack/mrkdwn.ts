/**
 * The three characters Slack reads as control sequences in any text, code included
 * (https://api.slack.com/reference/surfaces/formatting#escaping).
 */
export const escapeMrkdwn = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

const codeSpan = /(`[^`\n]*`)/;

/**
 * Markdown-light as Slack mrkdwn: escaped, `**bold**` as `*bold*` (outside code spans), and
 * `- ` bullets as `•`. Nothing else is interpreted, as in the message model.
 */
export function toMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .split("\n")
    .map((line) =>
      line
        .replace(/^(\s*)- /, "$1• ")
        .split(codeSpan)
        .map((part, index) => (index % 2 === 1 ? part : part.replace(/\*\*(.+?)\*\*/g, "*$1*")))
        .join(""),
    )
    .join("\n");
}

/** A person's text as Slack delivers it (`&amp;`, `&lt;`, `&gt;` escaped) back to plain text. */
export const unescapeMrkdwn = (text: string): string =>
  text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
