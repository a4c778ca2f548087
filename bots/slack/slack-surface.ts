import type { webApi } from "@slack/bolt";
import type { Logger } from "../../tools/ports/logger.ts";
import type { Attachment, OutgoingMessage } from "../core/message.ts";
import type { ChatSurface, PostedMessage } from "../core/surface.ts";
import { renderSlackMessage } from "./blocks.ts";
import { toMrkdwn } from "./mrkdwn.ts";

/** Where one conversation's answers go in Slack. */
export interface SlackPlace {
  channel: string;
  /** The thread to answer in; null answers in the channel itself. */
  threadTs: string | null;
  /** The person who wrote or clicked: whispers go to them. */
  userId: string;
}

/**
 * A conversation's `ChatSurface` over the Web API: `chat.postMessage` (a page of at most 50
 * blocks per message), images uploaded with `files.uploadV2` into the same thread, `chat.update`
 * for edits and `chat.postEphemeral` for whispers. A failed call is logged with its method and
 * Slack's error code, then reported to the caller (which logs and carries on).
 */
export class SlackSurface implements ChatSurface {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly place: SlackPlace,
    private readonly log: Logger,
  ) {}

  async post(message: OutgoingMessage): Promise<PostedMessage> {
    const { text, pages, uploads } = renderSlackMessage(message);
    const ids: string[] = [];
    // A message of files alone is its uploads; any other posts at least its summary.
    const toPost = pages.length > 0 ? pages : uploads.length > 0 ? [] : [[]];
    for (const blocks of toPost) {
      const posted = await this.call("chat.postMessage", () =>
        this.client.chat.postMessage({
          channel: this.place.channel,
          text,
          ...(blocks.length > 0 ? { blocks } : {}),
          ...this.thread(),
        }),
      );
      if (posted.ts) ids.push(posted.ts);
    }
    for (const upload of uploads) {
      // A failed upload is logged by `call` and costs only that file.
      const fileId = await this.upload(upload).catch(() => undefined);
      if (fileId) ids.push(fileId);
    }
    if (ids.length === 0) throw new Error("Slack accepted none of the message's parts");
    return { id: ids[0]! };
  }

  async edit(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    const { text, pages } = renderSlackMessage(message);
    if (pages.length > 1)
      this.log.warn({ channel: this.place.channel }, "Slack edit: only the first 50 blocks shown");
    await this.call("chat.update", () =>
      this.client.chat.update({
        channel: this.place.channel,
        ts: posted.id,
        text,
        blocks: pages[0] ?? [],
      }),
    );
  }

  async whisper(text: string): Promise<void> {
    await this.call("chat.postEphemeral", () =>
      this.client.chat.postEphemeral({
        channel: this.place.channel,
        user: this.place.userId,
        text: toMrkdwn(text),
        ...this.thread(),
      }),
    );
  }

  /** Slack's three-step upload (get an upload URL, send the bytes, complete into the thread). */
  private async upload(upload: Attachment): Promise<string | undefined> {
    const { channel, threadTs } = this.place;
    const destination = threadTs
      ? { channel_id: channel, thread_ts: threadTs }
      : { channel_id: channel };
    const result = await this.call("files.uploadV2", () =>
      this.client.filesUploadV2({
        ...destination,
        file: Buffer.from(upload.bytes),
        filename: upload.fileName,
        ...(upload.image ? { alt_text: upload.description } : {}),
        title: upload.description,
      }),
    );
    return result.files[0]?.files?.[0]?.id;
  }

  private thread(): { thread_ts?: string } {
    return this.place.threadTs ? { thread_ts: this.place.threadTs } : {};
  }

  private async call<T>(method: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const slackError = (error as { data?: { error?: string } }).data?.error;
      const reason = slackError ?? (error as Error).message;
      this.log.error(
        { method, error: reason, channel: this.place.channel },
        "Slack API call failed",
      );
      throw new Error(`Slack ${method} failed: ${reason}`, { cause: error });
    }
  }
}
