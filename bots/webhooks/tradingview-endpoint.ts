import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, readRawBody } from "../../tools/http/request-body.ts";
import { secretMatches } from "../../tools/http/secret-matches.ts";
import { sendJson } from "../../tools/http/send-json.ts";
import type { ToolContext } from "../../tools/define-tool.ts";
import type { Logger } from "../../tools/ports/logger.ts";
import type { AlertOutcome, WebhookAlertLog } from "../../tools/ports/webhook-alerts.ts";
import { isoTime } from "../../tools/time-input.ts";
import { receiveAlert, type AlertReceipt } from "../../tools/webhooks/receive-alert.ts";
import { TradingViewAlert } from "../../tools/webhooks/tradingview-alert.ts";
import { InFlight } from "../core/in-flight.ts";
import { text, type OutgoingMessage } from "../core/message.ts";
import { approvalMessage, readWaitingApprovals } from "../core/render-turn.ts";
import type { ChatSurface } from "../core/surface.ts";

export interface TradingViewEndpointOptions {
  /** TRADINGVIEW_WEBHOOK_SECRET: every alert's body must carry it. */
  secret: string;
  /** The tools' context: store, broker and clock (its actor is replaced per alert). */
  context: ToolContext;
  alerts: WebhookAlertLog;
  /** Where approval cards and notes are posted; none: approvals wait for `alphadesk approve`. */
  channels: readonly ChatSurface[];
  log: Logger;
  /** Larger bodies get 413; default 16 KiB (an alert is a few hundred bytes). */
  maxBodyBytes?: number;
}

/** A node request handler for `POST /webhooks/tradingview`. */
export interface TradingViewEndpoint {
  (request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Resolves once the chat posts started by the requests so far have finished. */
  idle(): Promise<void>;
}

/** The JSON TradingView gets back. */
interface AlertResponse {
  status: "pending" | "approved" | "denied" | "ignored" | "duplicate" | "refused" | "invalid";
  orderId?: string;
  approvalId?: string;
  note?: string;
  error?: string;
  issues?: { path: (string | number)[]; message: string }[];
}

/**
 * TradingView's webhook: the body (JSON, sent as text/plain or application/json) carries the
 * shared secret, compared in constant time before anything else is read (401, nothing written
 * or posted, otherwise); then the alert is checked (400 naming each bad field) and becomes a
 * proposed order through `propose_order` (`receiveAlert`). The response goes at once, within
 * TradingView's 3-second limit; the approval card (Approve / Reject buttons that the chat faces
 * already handle) or a note is posted to the channels after it.
 */
export function createTradingViewEndpoint(
  options: TradingViewEndpointOptions,
): TradingViewEndpoint {
  if (options.secret.length < 32)
    throw new Error("the TradingView webhook secret must be at least 32 characters");
  const { log, channels } = options;
  const inFlight = new InFlight(log, "TradingView");
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const reply = replyAndLog(log);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (request.method !== "POST")
        throw new HttpError(405, "send alerts with POST", { allow: "POST" });
      const body = parseJson(await readRawBody(request, maxBodyBytes));
      const given = isRecord(body) && typeof body["secret"] === "string" ? body["secret"] : "";
      if (!secretMatches(given, options.secret)) {
        throw new HttpError(
          401,
          'missing or wrong "secret": it must equal TRADINGVIEW_WEBHOOK_SECRET',
        );
      }
      const parsed = TradingViewAlert.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({
          path: issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)),
          message: issue.message,
        }));
        const named = issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
        return reply(response, 400, {
          status: "invalid",
          error: `not a valid alert: ${named.join("; ")}`,
          issues,
        });
      }
      const { secret: _secret, ...alert } = parsed.data;
      const receipt = await receiveAlert(alert, options.context, options.alerts);
      reply(response, ...answer(receipt));
      const messages = chatMessages(receipt, alert);
      if (messages) inFlight.start("posting an alert", () => post(messages));
    } catch (error) {
      if (error instanceof HttpError) {
        // A refused upload is not read to its end: close the connection instead of draining it.
        const connection = error.status === 413 ? "close" : "keep-alive";
        return reply(
          response,
          error.status,
          { status: error.status === 401 ? "refused" : "invalid", error: error.message },
          { ...error.headers, connection },
        );
      }
      log.error({ err: error }, "TradingView alert failed");
      reply(response, 500, {
        status: "refused",
        error: `the alert could not be processed (${(error as Error).message}); nothing was proposed, so it may be sent again`,
      });
    }
  }

  /** The HTTP status and body for a receipt; without chat channels, where to decide instead. */
  function answer(receipt: AlertReceipt): [number, AlertResponse] {
    if (receipt.kind === "refused")
      return [receipt.status, { status: "refused", error: receipt.message }];
    if (receipt.kind === "duplicate") {
      const { outcome, receivedAtMs } = receipt.earlier;
      const first = `already received at ${isoTime(receivedAtMs)}`;
      const note = outcome
        ? `${first} and ${outcome.status}: ${outcome.note}`
        : `${first}; it was still being proposed (or was interrupted: see \`alphadesk approvals\`)`;
      return [200, { status: "duplicate", ...(outcome ? idsOf(outcome) : {}), note }];
    }
    const { outcome } = receipt;
    const waiting = outcome.status === "pending" && channels.length === 0;
    const note = waiting
      ? `${outcome.note}. No chat channel is set for alerts: decide with \`alphadesk approve ${outcome.approvalId}\` (or reject)`
      : outcome.note;
    return [200, { status: outcome.status, ...idsOf(outcome), note }];
  }

  /** The card of a proposed order after a line on where it came from; a note when nothing was proposed. */
  function chatMessages(
    receipt: AlertReceipt,
    alert: Omit<TradingViewAlert, "secret">,
  ): (() => Promise<OutgoingMessage[]>) | undefined {
    if (receipt.kind !== "settled" || channels.length === 0) return undefined;
    const { strategy, symbol, outcome } = receipt;
    const headline = `TradingView alert from **${strategy.name}** (\`${strategy.id.slice(0, 12)}\`): ${alert.action} ${alert.side} ${symbol} at ${alert.price}, bar ${isoTime(alert.barTime)}. ${capitalized(outcome.status)}: ${outcome.note}`;
    const line = {
      blocks: [text(headline)],
      summary: `TradingView ${alert.action} ${symbol}: ${outcome.status}`,
    };
    return async () => {
      if (!outcome.approvalId) return [line];
      const rows = await readWaitingApprovals(options.context.store, [outcome.approvalId]);
      return [line, ...rows.map(approvalMessage)];
    };
  }

  /** Every channel gets the messages; one that fails is logged and the others still get them. */
  async function post(messages: () => Promise<OutgoingMessage[]>): Promise<void> {
    const built = await messages();
    for (const channel of channels) {
      try {
        for (const message of built) await channel.post(message);
      } catch (error) {
        log.error({ err: error }, "could not post a TradingView alert to a channel");
      }
    }
  }

  return Object.assign(handle, { idle: () => inFlight.idle() });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new HttpError(
      400,
      `the body is not valid JSON (${(error as Error).message}): it must be the JSON object the alerts of generate_code's Pine script send`,
    );
  }
}

const idsOf = (outcome: AlertOutcome) => ({
  ...(outcome.intentId ? { orderId: outcome.intentId } : {}),
  ...(outcome.approvalId ? { approvalId: outcome.approvalId } : {}),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Every answer is logged too: TradingView's alert log does not show why an alert was refused. */
function replyAndLog(log: Logger) {
  return (
    response: ServerResponse,
    status: number,
    body: AlertResponse,
    headers: Record<string, string> = {},
  ) => {
    if (status >= 400 && status < 500)
      log.warn({ status, error: body.error }, "TradingView alert refused");
    else if (status < 400)
      log.info(
        { status: body.status, orderId: body.orderId, note: body.note },
        "TradingView alert",
      );
    sendJson(response, status, body, headers);
  };
}
