import { DiscordAPIError, HTTPError, RequestMethod, type RawFile, type REST } from "discord.js";
import type { Logger } from "../../tools/ports/logger.ts";
import type { PostedMessage } from "../core/surface.ts";

/** One call to Discord's REST API (v10), e.g. `POST /channels/123/messages`. */
export interface DiscordCall {
  method: RequestMethod;
  route: `/${string}`;
  body?: unknown;
  /** Uploads, sent as `files[n]` beside the body in a multipart request. */
  files?: RawFile[];
  query?: URLSearchParams;
  /**
   * False for the interaction routes (callback and webhook), which the interaction token in the
   * route authorizes, so they work without a bot token (the HTTP interactions endpoint).
   */
  auth?: boolean;
  /** A secret the route carries (an interaction token): logs and errors show `:token` instead. */
  secret?: string;
}

/** A Discord API call that failed: the route (tokens masked), the status and Discord's message. */
export class DiscordRequestError extends Error {
  constructor(
    readonly route: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Discord's REST API through discord.js's client (rate limits, retries, multipart uploads). A
 * failure is logged with its route and Discord's message and thrown as a `DiscordRequestError`,
 * which carries neither the request body nor the interaction token.
 */
export class DiscordRest {
  constructor(
    readonly rest: REST,
    private readonly log: Logger,
  ) {}

  async send(call: DiscordCall): Promise<unknown> {
    try {
      return await this.rest.request({
        method: call.method,
        fullRoute: call.route,
        body: call.body,
        ...(call.files?.length ? { files: call.files } : {}),
        ...(call.query ? { query: call.query } : {}),
        auth: call.auth ?? true,
      });
    } catch (error) {
      const route = shownRoute(call);
      const { status, code, message } = describeDiscordError(error);
      this.log.error(
        { method: call.method, route, status, code, discordMessage: message },
        "Discord API request failed",
      );
      throw new DiscordRequestError(
        route,
        status,
        `Discord ${call.method} ${route} failed${status ? ` (${status})` : ""}: ${message}`,
      );
    }
  }

  /** A call that creates or edits a message; resolves to that message. */
  async sendMessage(call: DiscordCall): Promise<PostedMessage> {
    const message = await this.send(call);
    if (typeof message === "object" && message !== null && "id" in message) {
      const { id } = message;
      if (typeof id === "string") return { id };
    }
    throw new DiscordRequestError(
      shownRoute(call),
      undefined,
      "Discord answered without a message id",
    );
  }
}

/**
 * What to log of a failed Discord call: never the error object itself, whose `url` carries the
 * interaction token and whose `requestBody` carries the uploads.
 */
export function describeDiscordError(error: unknown): {
  status: number | undefined;
  code: number | string | undefined;
  message: string;
} {
  return {
    status:
      error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : undefined,
    code: error instanceof DiscordAPIError ? error.code : undefined,
    message: error instanceof Error ? error.message : String(error),
  };
}

const shownRoute = (call: DiscordCall): string =>
  call.secret ? call.route.replaceAll(call.secret, ":token") : call.route;
