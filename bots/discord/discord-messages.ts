import {
  ComponentType,
  ButtonStyle as DiscordButtonStyle,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponentWithCustomId,
  type RawFile,
  type RESTAPIAttachment,
} from "discord.js";
import {
  ButtonStyle,
  progressBar,
  splitText,
  tableAsText,
  type Block,
  type Button,
  attachmentsOf,
  type Attachment,
  type OutgoingMessage,
} from "../core/message.ts";
import { codeBlocks, discordMarkdown } from "./discord-markdown.ts";

/** Discord's limits on one message. */
export const maxContentChars = 2000;
export const maxCustomIdChars = 100;
const maxButtonsPerRow = 5;
const maxRows = 5;
const maxAttachments = 10;
const maxLabelChars = 80;
const maxAltTextChars = 1024;

export type DiscordActionRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A message's JSON body, as the create and edit routes (channel and webhook alike) take it. */
export interface DiscordMessageBody {
  content: string;
  components: DiscordActionRow[];
  allowed_mentions: APIAllowedMentions;
  /** Alt text and file names of the uploads: attachment `n` is the file sent as `files[n]`. */
  attachments?: RESTAPIAttachment[];
}

/** One Discord message to create: its body and the files uploaded with it. */
export interface DiscordMessagePayload {
  body: DiscordMessageBody;
  files: RawFile[];
}

/** Text from tools, models and users must never ping anyone, `@everyone` least of all. */
const noMentions: APIAllowedMentions = { parse: [] };
/** A Discord user id (a snowflake), as a message's `notify` may name one. */
const discordUserId = /^\d{15,21}$/;

/**
 * An outgoing message as Discord messages: text as Discord markdown, preformatted text and tables
 * in code blocks, a progress bar as a line; split into several messages past 2000 characters. The
 * images and files (as uploads with alt text or title) and the buttons (as action rows) go with
 * the last one.
 */
export function discordPosts(message: OutgoingMessage): DiscordMessagePayload[] {
  const posts: { content: string; uploads: Attachment[] }[] = contentsOf(message.blocks).map(
    (content) => ({ content, uploads: [] }),
  );
  // The one mention a message may make: its `notify`, opening the first post (or a post of its
  // own when that one is full), pinging only them.
  const notify = message.notify && discordUserId.test(message.notify) ? message.notify : undefined;
  if (notify) {
    const mention = `<@${notify}>`;
    const first = posts[0];
    if (first && first.content.length + mention.length + 1 <= maxContentChars)
      first.content = first.content ? `${mention} ${first.content}` : mention;
    else posts.unshift({ content: mention, uploads: [] });
  }
  const attachments = attachmentsOf(message);
  for (let start = 0; start < attachments.length; start += maxAttachments) {
    const group = attachments.slice(start, start + maxAttachments);
    const last = posts.at(-1);
    if (start === 0 && last) last.uploads = group;
    else posts.push({ content: "", uploads: group });
  }
  const components = actionRows(message);
  if (posts.length === 0) posts.push({ content: emptyContent(message, components), uploads: [] });
  return posts.map(({ content, uploads }, index) => ({
    body: {
      content,
      components: index === posts.length - 1 ? components : [],
      allowed_mentions: notify && index === 0 ? { parse: [], users: [notify] } : noMentions,
      ...(uploads.length > 0 ? { attachments: uploads.map(attachmentOf) } : {}),
    },
    files: uploads.map((upload) => ({
      name: upload.fileName,
      data: upload.bytes,
      contentType: upload.mimeType,
    })),
  }));
}

/**
 * An outgoing message as the new content of a posted one (a progress bar, a decided card). Edits
 * carry no images; the components are always sent, so a card edited without buttons loses them.
 * Text past one message's 2000 characters is cut at a whole line or code block.
 */
export function discordEdit(message: OutgoingMessage): DiscordMessageBody {
  const components = actionRows(message);
  const [content = emptyContent(message, components)] = contentsOf(message.blocks);
  return { content, components, allowed_mentions: noMentions };
}

/** Discord refuses a message with nothing in it: one without text shows its summary. */
const emptyContent = (message: OutgoingMessage, components: readonly DiscordActionRow[]) =>
  components.length > 0 ? "" : discordMarkdown(message.summary);

/** Plain text (a whisper, a refusal) as one or more messages. */
export function discordTexts(text: string): DiscordMessageBody[] {
  return splitText(discordMarkdown(text), maxContentChars).map((content) => ({
    content,
    components: [],
    allowed_mentions: noMentions,
  }));
}

/** A button's `custom_id`: its id and value, which Discord hands back when it is clicked. */
export function customIdOf(button: Button): string {
  const customId = `${button.id}:${button.value}`;
  if (customId.length > maxCustomIdChars)
    throw new Error(
      `button "${button.label}": custom_id "${customId.slice(0, 40)}…" has ${customId.length} characters; Discord allows at most ${maxCustomIdChars} (shorten the button's id or value)`,
    );
  return customId;
}

/** The id and value a clicked button's `custom_id` carries; the value has no `:` in it. */
export function parseCustomId(customId: string): { buttonId: string; value: string } {
  const colon = customId.lastIndexOf(":");
  return colon < 0
    ? { buttonId: customId, value: "" }
    : { buttonId: customId.slice(0, colon), value: customId.slice(colon + 1) };
}

/** The blocks shown as text, packed into as few messages of at most 2000 characters as fit. */
function contentsOf(blocks: readonly Block[]): string[] {
  const contents: string[] = [];
  for (const piece of blocks.flatMap(textPieces)) {
    const last = contents.at(-1);
    if (last !== undefined && last.length + 1 + piece.length <= maxContentChars)
      contents[contents.length - 1] = `${last}\n${piece}`;
    else contents.push(piece);
  }
  return contents;
}

/** A block as pieces of Discord text, each at most one message long. */
function textPieces(block: Block): string[] {
  switch (block.kind) {
    case "text":
      return block.format === "markdown"
        ? splitText(discordMarkdown(block.text), maxContentChars)
        : codeBlocks(block.text, maxContentChars);
    case "table": {
      const { caption, ...bare } = block;
      const title = caption ? splitText(`**${discordMarkdown(caption)}**`, maxContentChars) : [];
      return [...title, ...codeBlocks(tableAsText(bare), maxContentChars)];
    }
    case "progress": {
      const note = block.message ? ` ${discordMarkdown(block.message)}` : "";
      return splitText(`\`${progressBar(block.fraction)}\`${note}`, maxContentChars);
    }
    case "image":
    case "file":
    case "buttons":
      return [];
  }
}

function actionRows(message: OutgoingMessage): DiscordActionRow[] {
  const buttons = message.blocks.flatMap((block) =>
    block.kind === "buttons" ? block.buttons : [],
  );
  if (buttons.length > maxButtonsPerRow * maxRows)
    throw new Error(
      `a Discord message holds at most ${maxButtonsPerRow * maxRows} buttons (${maxRows} rows of ${maxButtonsPerRow}); this one has ${buttons.length}`,
    );
  const rows: DiscordActionRow[] = [];
  for (let start = 0; start < buttons.length; start += maxButtonsPerRow)
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(start, start + maxButtonsPerRow).map(discordButton),
    });
  return rows;
}

function discordButton(button: Button): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style:
      button.style === ButtonStyle.DANGER ? DiscordButtonStyle.Danger : DiscordButtonStyle.Primary,
    label:
      button.label.length > maxLabelChars
        ? `${button.label.slice(0, maxLabelChars - 1)}…`
        : button.label,
    custom_id: customIdOf(button),
  };
}

function attachmentOf(upload: Attachment, index: number): RESTAPIAttachment {
  return {
    id: index,
    filename: upload.fileName,
    description: upload.description.slice(0, maxAltTextChars),
  };
}
