/** A request to `/slack/events`, read from its raw body and content type. */
export type SlackPayload =
  | { kind: "ssl_check" }
  | { kind: "url_verification"; challenge: string }
  /** Events API callbacks, slash commands and interactivity: what Bolt's `processEvent` takes. */
  | { kind: "dispatch"; body: Record<string, unknown> }
  | { kind: "invalid"; status: 400 | 415; message: string };

const invalid = (message: string, status: 400 | 415 = 400): SlackPayload => ({
  kind: "invalid",
  status,
  message,
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What Slack sent (https://api.slack.com/apis/events-api, /interactivity/slash-commands,
 * /interactivity/handling): Events API requests are JSON; slash commands are form fields;
 * interactivity is a form field `payload` holding JSON. Only what this app answers is accepted.
 */
export function parseSlackPayload(rawBody: Buffer, contentType: string | undefined): SlackPayload {
  const mediaType = contentType?.split(";")[0]!.trim().toLowerCase();
  if (mediaType === "application/json") return fromJson(rawBody.toString("utf8"));
  if (mediaType === "application/x-www-form-urlencoded") return fromForm(rawBody.toString("utf8"));
  return invalid(
    `unsupported content type ${JSON.stringify(contentType ?? "")}; Slack sends JSON or form data`,
    415,
  );
}

function fromJson(text: string): SlackPayload {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid("the request body is not valid JSON");
  }
  if (!isObject(body)) return invalid("the request body is not a JSON object");
  if (body["type"] === "url_verification")
    return typeof body["challenge"] === "string"
      ? { kind: "url_verification", challenge: body["challenge"] }
      : invalid("url_verification without a challenge");
  if (body["type"] === "event_callback" && isObject(body["event"]))
    return { kind: "dispatch", body };
  return invalid(`unsupported Slack payload type ${JSON.stringify(body["type"] ?? null)}`);
}

function fromForm(text: string): SlackPayload {
  const fields = new URLSearchParams(text);
  if (fields.get("ssl_check") === "1") return { kind: "ssl_check" };
  const payload = fields.get("payload");
  if (payload !== null) {
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return invalid("the interactivity payload is not valid JSON");
    }
    if (isObject(body) && body["type"] === "block_actions" && Array.isArray(body["actions"]))
      return { kind: "dispatch", body };
    return invalid(
      `unsupported Slack interactivity type ${JSON.stringify(isObject(body) ? (body["type"] ?? null) : null)}`,
    );
  }
  if (fields.get("command") && fields.get("user_id") && fields.get("channel_id"))
    return { kind: "dispatch", body: Object.fromEntries(fields) };
  return invalid("the form is neither a slash command nor an interactivity payload");
}
