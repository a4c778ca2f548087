import type { OutgoingMessage } from "./message.ts";

/** A message the bot posted, as its platform names it (a Slack `ts`, a Discord message id). */
export interface PostedMessage {
  readonly id: string;
}

/**
 * Where one conversation's messages go: each platform adapter implements it for the channel or
 * thread a message or click came from, so the conversation logic stays platform-neutral.
 */
export interface ChatSurface {
  /** Posts a message in the conversation (images as uploads); returns a handle to edit it. */
  post(message: OutgoingMessage): Promise<PostedMessage>;
  /** Replaces a posted message's content. Never called with image blocks. */
  edit(posted: PostedMessage, message: OutgoingMessage): Promise<void>;
  /** Text only the person who acted sees (Slack ephemeral, a Discord ephemeral reply). */
  whisper(text: string): Promise<void>;
}
