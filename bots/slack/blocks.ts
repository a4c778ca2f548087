import type { types } from "@slack/bolt";
import {
  progressBar,
  splitText,
  tableAsText,
  type Block,
  type ButtonsBlock,
  attachmentsOf,
  type Attachment,
  type OutgoingMessage,
} from "../core/message.ts";
import { escapeMrkdwn, toMrkdwn } from "./mrkdwn.ts";

type SlackBlock = types.KnownBlock;

/** Slack's limits (https://api.slack.com/reference/block-kit/blocks). */
export const maxSectionChars = 3000;
export const maxBlocksPerMessage = 50;
const maxButtonsPerActions = 25;
const codeFence = "```";

/** A message as Slack takes it: pages of at most 50 blocks, and the files to upload. */
export interface SlackRendering {
  /** The notification and fallback text: the message's summary. */
  text: string;
  /** Each page is one `chat.postMessage`; most messages have one. */
  pages: SlackBlock[][];
  uploads: Attachment[];
}

/** A Slack user id as a mention may carry it (`U0123ABCD`; `W…` on Enterprise Grid). */
const slackUserId = /^[UW][A-Z0-9]{2,20}$/;

export function renderSlackMessage(message: OutgoingMessage): SlackRendering {
  // The one mention a message may make: its `notify`, ahead of the rest, when it is a user id.
  const mention =
    message.notify && slackUserId.test(message.notify) ? `<@${message.notify}>` : undefined;
  const blocks = [...(mention ? sections(mention) : []), ...message.blocks.flatMap(slackBlocksOf)];
  const pages: SlackBlock[][] = [];
  for (let start = 0; start < blocks.length; start += maxBlocksPerMessage)
    pages.push(blocks.slice(start, start + maxBlocksPerMessage));
  return {
    text: mention ? `${mention} ${message.summary}` : message.summary,
    pages,
    uploads: attachmentsOf(message),
  };
}

/** One block of the message model as Block Kit; images and files are uploaded, so they have none. */
export function slackBlocksOf(block: Block): SlackBlock[] {
  switch (block.kind) {
    case "text":
      return block.format === "markdown"
        ? sections(toMrkdwn(block.text))
        : codeSections(block.text);
    case "table": {
      const { caption, ...withoutCaption } = block;
      return [
        ...(caption ? sections(`*${escapeMrkdwn(caption)}*`) : []),
        ...codeSections(tableAsText(withoutCaption)),
      ];
    }
    case "progress":
      return sections(escapeMrkdwn(progressBar(block.fraction, block.message)));
    case "buttons":
      return actions(block);
    case "image":
    case "file":
      return [];
  }
}

const section = (mrkdwn: string): SlackBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: mrkdwn },
});

/** Empty text makes no block: Slack refuses a section without text. */
const sections = (mrkdwn: string): SlackBlock[] =>
  mrkdwn.trim() ? splitText(mrkdwn, maxSectionChars).map(section) : [];

function codeSections(plain: string): SlackBlock[] {
  if (!plain.trim()) return [];
  const room = maxSectionChars - 2 * codeFence.length - 2;
  return splitText(escapeMrkdwn(plain), room).map((piece) =>
    section(`${codeFence}\n${piece}\n${codeFence}`),
  );
}

function actions(block: ButtonsBlock): SlackBlock[] {
  const elements: types.Button[] = block.buttons.map((button) => ({
    type: "button",
    action_id: button.id,
    text: { type: "plain_text", text: button.label },
    value: button.value,
    style: button.style,
  }));
  const groups: SlackBlock[] = [];
  for (let start = 0; start < elements.length; start += maxButtonsPerActions)
    groups.push({ type: "actions", elements: elements.slice(start, start + maxButtonsPerActions) });
  return groups;
}
