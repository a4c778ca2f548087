import { describe, expect, it } from "vitest";
import { slackSignatureHeaders } from "../../test/fakes/slack-server.ts";
import { SlackRequestVerifier } from "./verify.ts";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const nowSec = 1_700_000_000;

function verifierAt(timeSec: number) {
  const clock = { nowMs: () => timeSec * 1000 };
  return new SlackRequestVerifier({ signingSecret: secret, clock });
}

function request(body: string, headers: Record<string, string>) {
  return {
    timestamp: headers["x-slack-request-timestamp"],
    signature: headers["x-slack-signature"],
    rawBody: Buffer.from(body),
  };
}

describe("Slack request signatures", () => {
  const body = "token=x&team_id=T1&command=%2Falphadesk&text=help";

  it("accepts Slack's documented example", () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack: the worked example.
    const example =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const verifier = verifierAt(1_531_420_618);
    const result = verifier.verify({
      timestamp: "1531420618",
      signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      rawBody: Buffer.from(example),
    });
    expect(result).toEqual({ ok: true });
  });

  it("accepts a request signed within the window either way", () => {
    for (const skewSec of [-299, 0, 299]) {
      const headers = slackSignatureHeaders(body, secret, nowSec + skewSec);
      expect(verifierAt(nowSec).verify(request(body, headers)), String(skewSec)).toEqual({
        ok: true,
      });
    }
  });

  it("refuses stale, future, forged, tampered and malformed requests", () => {
    const verifier = verifierAt(nowSec);
    const cases: [string, string, Record<string, string>][] = [
      ["stale", body, slackSignatureHeaders(body, secret, nowSec - 301)],
      ["future", body, slackSignatureHeaders(body, secret, nowSec + 301)],
      ["forged", body, slackSignatureHeaders(body, "another-secret", nowSec)],
      ["forged", `${body}&x=1`, slackSignatureHeaders(body, secret, nowSec)],
      ["malformed", body, {}],
      ["malformed", body, { "x-slack-request-timestamp": "soon", "x-slack-signature": "v0=00" }],
      [
        "forged",
        body,
        { "x-slack-request-timestamp": String(nowSec), "x-slack-signature": "v0=zz" },
      ],
    ];
    for (const [reason, sent, headers] of cases)
      expect(verifier.verify(request(sent, headers)), reason).toMatchObject({ ok: false, reason });
  });

  it("refuses a replay within the window, but not a forged copy before the genuine one", () => {
    const verifier = verifierAt(nowSec);
    const headers = slackSignatureHeaders(body, secret, nowSec);
    expect(verifier.verify(request("tampered", headers))).toMatchObject({ reason: "forged" });
    expect(verifier.verify(request(body, headers))).toEqual({ ok: true });
    expect(verifier.verify(request(body, headers))).toMatchObject({
      ok: false,
      reason: "replayed",
    });
  });

  it("refuses an empty signing secret at construction", () => {
    for (const signingSecret of ["", "   "])
      expect(() => new SlackRequestVerifier({ signingSecret })).toThrow(/SLACK_SIGNING_SECRET/);
  });
});
