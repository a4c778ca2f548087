/** The chat faces. The terminal is one user on one machine; its identity is `cli`. */
export const Platform = { SLACK: "slack", DISCORD: "discord", TERMINAL: "terminal" } as const;
export type Platform = (typeof Platform)[keyof typeof Platform];

export const platforms: readonly Platform[] = Object.values(Platform);

export function isPlatform(value: unknown): value is Platform {
  return typeof value === "string" && (platforms as readonly string[]).includes(value);
}

/**
 * Text in "markdown-light": `**bold**`, `` `code` `` and lines starting with `- ` (bullets);
 * nothing else is interpreted, so adapters translate exactly these. `preformatted` text is shown
 * as is, in a fixed-width font (cards, aligned columns).
 */
export interface TextBlock {
  kind: "text";
  text: string;
  format: "markdown" | "preformatted";
}

/** Cells are already formatted; every row has as many cells as the header. */
export interface TableBlock {
  kind: "table";
  caption?: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

export interface ImageBlock {
  kind: "image";
  png: Uint8Array;
  /** Says what the image shows, for screen readers and clients that do not draw images. */
  altText: string;
  /** Ends in `.png`; letters, digits, `.`, `_` and `-` only. */
  fileName: string;
}

/** A document to hand over as a file (a generated program): attached where the platform can. */
export interface FileBlock {
  kind: "file";
  bytes: Uint8Array;
  /** Letters, digits, `.`, `_` and `-` only, with its extension. */
  fileName: string;
  mimeType: string;
  /** Says what the file is. */
  title: string;
}

/** What a message sends as files: its images and its documents, in order. */
export interface Attachment {
  bytes: Uint8Array;
  fileName: string;
  mimeType: string;
  /** Alt text of an image, the title of a document. */
  description: string;
  image: boolean;
}

export function attachmentsOf(message: OutgoingMessage): Attachment[] {
  return message.blocks.flatMap((block): Attachment[] => {
    if (block.kind === "image")
      return [
        {
          bytes: block.png,
          fileName: block.fileName,
          mimeType: "image/png",
          description: block.altText,
          image: true,
        },
      ];
    if (block.kind === "file")
      return [
        {
          bytes: block.bytes,
          fileName: block.fileName,
          mimeType: block.mimeType,
          description: block.title,
          image: false,
        },
      ];
    return [];
  });
}

export const ButtonStyle = { PRIMARY: "primary", DANGER: "danger" } as const;
export type ButtonStyle = (typeof ButtonStyle)[keyof typeof ButtonStyle];

export interface Button {
  /** What the click means to the bot, e.g. `approval:approve`. */
  id: string;
  label: string;
  style: ButtonStyle;
  /** What the click names, e.g. an approval and the hash of what the card showed. */
  value: string;
}

export interface ButtonsBlock {
  kind: "buttons";
  buttons: readonly Button[];
}

/** Long work in progress: adapters edit one message in place as the fraction grows. */
export interface ProgressBlock {
  kind: "progress";
  /** 0 to 1. */
  fraction: number;
  message: string;
}

export type Block = TextBlock | TableBlock | ImageBlock | FileBlock | ButtonsBlock | ProgressBlock;

/** One message the bot posts, in the thread it answers. */
export interface OutgoingMessage {
  blocks: Block[];
  /** A one-line plain-text summary (notifications, clients that draw no blocks). */
  summary: string;
  /**
   * The platform's id of one person to mention at the message's start, so they are notified (a
   * fired alert's setter): the only mention a message may make; text never mentions anyone.
   */
  notify?: string;
}

/** A person's message as an adapter received it. */
export interface IncomingMessage {
  platform: Platform;
  /** The platform's id of the person (Slack `U123`, a Discord snowflake, `cli`). */
  userId: string;
  displayName: string;
  /** Slack team or Discord guild; null for a direct message outside one (or the terminal). */
  workspaceId: string | null;
  /** Slack channel or Discord channel id. */
  conversationId: string;
  /** Slack thread `ts`, Discord thread id; null when the conversation is the thread. */
  threadKey: string | null;
  text: string;
}

export const text = (body: string): TextBlock => ({ kind: "text", text: body, format: "markdown" });

export const preformatted = (body: string): TextBlock => ({
  kind: "text",
  text: body,
  format: "preformatted",
});

export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  caption?: string,
): TableBlock {
  for (const [index, row] of rows.entries())
    if (row.length !== header.length)
      throw new Error(
        `table row ${index} has ${row.length} cells; the header has ${header.length}`,
      );
  return { kind: "table", header, rows, ...(caption === undefined ? {} : { caption }) };
}

export function image(png: Uint8Array, altText: string, fileName: string): ImageBlock {
  return { kind: "image", png, altText, fileName: safeFileName(fileName) };
}

export function file(
  bytes: Uint8Array,
  fileName: string,
  mimeType: string,
  title: string,
): FileBlock {
  return { kind: "file", bytes, fileName: safeName(fileName, "file"), mimeType, title };
}

export function progress(fraction: number, message = ""): ProgressBlock {
  const bounded = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  return { kind: "progress", fraction: bounded, message };
}

/** A file name platforms accept as is: unsafe characters become `-`, `.png` is ensured. */
export function safeFileName(name: string): string {
  return `${safeName(name.replace(/\.png$/i, ""), "image")}.png`;
}

/** Letters, digits, `.`, `_` and `-` only, no leading dot or dash, at most 100 characters. */
function safeName(name: string, fallback: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(0, 100);
  return safe || fallback;
}

/** A block as plain text: the terminal's rendering, and every adapter's fallback. */
export function blockAsText(block: Block): string {
  switch (block.kind) {
    case "text":
      return block.format === "markdown" ? block.text.replaceAll("**", "") : block.text;
    case "table":
      return tableAsText(block);
    case "image":
      return `[image ${block.fileName}: ${block.altText}]`;
    case "file":
      return `[file ${block.fileName}: ${block.title}]`;
    case "buttons":
      return block.buttons.map((button) => `[${button.label}]`).join(" ");
    case "progress":
      return progressBar(block.fraction, block.message);
  }
}

export const messageAsText = (message: OutgoingMessage): string =>
  message.blocks.map(blockAsText).join("\n\n");

/** Columns padded to their widest cell: the first column left-aligned, the others right. */
export function tableAsText(block: TableBlock): string {
  const lines = [block.header, ...block.rows];
  const widths = block.header.map((_, column) =>
    Math.max(...lines.map((row) => row[column]!.length)),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join("  ")
      .trimEnd();
  const body = [format(block.header), widths.map((width) => "-".repeat(width)).join("  ")];
  body.push(...block.rows.map(format));
  return [...(block.caption ? [block.caption] : []), ...body].join("\n");
}

/** `[######----] 60% simulating` */
export function progressBar(fraction: number, message = "", width = 20): string {
  const bounded = progress(fraction).fraction;
  const filled = Math.round(bounded * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.round(bounded * 100)}%`;
  return message ? `${bar} ${message}` : bar;
}

/**
 * Text cut into pieces of at most `maxChars` (Discord 2000, a Slack section 3000), at line breaks
 * where it can, so a long reply becomes several messages instead of being refused.
 */
export function splitText(body: string, maxChars: number): string[] {
  if (maxChars < 1) throw new Error(`maxChars must be at least 1 (was ${maxChars})`);
  const pieces: string[] = [];
  let rest = body;
  while (rest.length > maxChars) {
    const newline = rest.lastIndexOf("\n", maxChars);
    const cut = newline > 0 ? newline : maxChars;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(newline > 0 ? cut + 1 : cut);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}
