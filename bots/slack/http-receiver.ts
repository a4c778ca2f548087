import type { IncomingMessage, ServerResponse } from "node:http";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { HttpError, readRawBody } from "../../tools/http/request-body.ts";
import type { Logger } from "../../tools/ports/logger.ts";
import { parseSlackPayload } from "./request-payload.ts";
import type { SlackRequestVerifier } from "./verify.ts";
import { headerOf, sendJson } from "../../tools/http/send-json.ts";

export interface SlackHttpReceiverOptions {
  verifier: SlackRequestVerifier;
  log: Logger;
  /** Larger bodies are refused with 413; default 1 MiB (Slack's payloads are a few kB). */
  maxBodyBytes?: number;
}

/** A node HTTP handler, to mount at `/slack/events`. */
export type SlackRequestHandler = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<void>;

/**
 * Bolt's door for HTTP mode: every request is read raw, verified (signature, timestamp window
 * both ways, replay cache) before anything is parsed or called, then answered: `url_verification`
 * with its challenge, anything else handed to `app.processEvent` with an `ack` that writes the
 * HTTP response at once. Unverified requests get 401 and reach nothing.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private started = false;

  constructor(private readonly options: SlackHttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    this.started = true;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.started = false;
    return Promise.resolve();
  }

  readonly handle: SlackRequestHandler = async (request, response) => {
    try {
      await this.serve(request, response);
    } catch (error) {
      const refusal = error instanceof HttpError ? error : undefined;
      if (refusal)
        this.options.log.warn(
          { status: refusal.status, reason: refusal.message },
          "Slack request refused",
        );
      else this.options.log.error({ err: error }, "Slack request failed");
      if (!response.headersSent)
        sendJson(
          response,
          refusal?.status ?? 500,
          { error: refusal?.message ?? "internal error" },
          refusal?.headers,
        );
    }
  };

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "POST") throw new HttpError(405, "use POST", { allow: "POST" });
    const app = this.app;
    if (!app || !this.started) throw new HttpError(503, "the Slack face has not started");
    const rawBody = await readRawBody(request, this.options.maxBodyBytes ?? 1024 * 1024);
    const payload = parseSlackPayload(rawBody, headerOf(request, "content-type"));
    // Slack's SSL check may come unsigned (Bolt answers it so too); it reaches nothing.
    if (payload.kind === "ssl_check") {
      response.writeHead(200).end();
      return;
    }
    const verification = this.options.verifier.verify({
      timestamp: headerOf(request, "x-slack-request-timestamp"),
      signature: headerOf(request, "x-slack-signature"),
      rawBody,
    });
    if (!verification.ok)
      throw new HttpError(401, `unverified Slack request: ${verification.message}`);
    if (payload.kind === "invalid") throw new HttpError(payload.status, payload.message);
    if (payload.kind === "url_verification")
      return sendJson(response, 200, { challenge: payload.challenge });

    const ack = httpAck(response);
    const retryNum = Number(headerOf(request, "x-slack-retry-num"));
    const retryReason = headerOf(request, "x-slack-retry-reason");
    const event: ReceiverEvent = {
      body: payload.body,
      ack: ack.send,
      ...(Number.isInteger(retryNum) && retryNum > 0 ? { retryNum } : {}),
      ...(retryReason ? { retryReason } : {}),
    };
    try {
      await app.processEvent(event);
    } catch (error) {
      // After the ack Slack has its answer; the error is Bolt's to have logged.
      if (!ack.sent()) throw error;
      return;
    }
    // Nothing listened (an event or a button this app does not handle): Slack still wants a 200.
    if (!ack.sent()) await ack.send();
  }
}

/** Bolt's `ack`: the first call writes the HTTP response (empty, text, or JSON); later ones do nothing. */
function httpAck(response: ServerResponse) {
  let sent = false;
  return {
    sent: () => sent,
    send: async (body?: unknown): Promise<void> => {
      if (sent) return;
      sent = true;
      if (body === undefined || body === "") response.writeHead(200).end();
      else if (typeof body === "string")
        response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(body);
      else sendJson(response, 200, body);
    },
  };
}
