import { describe, expect, it } from "vitest";
import { InteractionSigner } from "../../test/fakes/discord-server.ts";
import { InteractionVerifier } from "./interaction-signature.ts";

const nowSec = 1_717_500_000;
const body = '{"type":1}';

function setup() {
  const signer = new InteractionSigner();
  const verifier = new InteractionVerifier({
    publicKeyHex: signer.publicKeyHex,
    nowMs: () => nowSec * 1000,
  });
  const check = (headers: Record<string, string>, sent = body) =>
    verifier.verify(
      {
        signature: headers["x-signature-ed25519"],
        timestamp: headers["x-signature-timestamp"],
      },
      Buffer.from(sent),
    );
  return { signer, check };
}

describe("Discord's interaction signature", () => {
  it("accepts a request signed with the application's key, once", () => {
    const { signer, check } = setup();
    const headers = signer.headers(body, nowSec);
    expect(check(headers)).toEqual({ ok: true });
    expect(check(headers)).toEqual({ ok: false, reason: "replayed request" });
  });

  it("refuses another key's signature, a changed body, and missing or malformed headers", () => {
    const { signer, check } = setup();
    expect(check(InteractionSigner.forged(body, nowSec))).toEqual({
      ok: false,
      reason: "invalid request signature",
    });
    expect(check(signer.headers(body, nowSec), '{"type":2}').ok).toBe(false);
    expect(check({}).ok).toBe(false);
    const headers = signer.headers(body, nowSec);
    expect(check({ ...headers, "x-signature-ed25519": "zz" }).ok).toBe(false);
    expect(check({ ...headers, "x-signature-timestamp": "soon" }).ok).toBe(false);
  });

  it("refuses a timestamp more than five minutes off, either way", () => {
    const { signer, check } = setup();
    expect(check(signer.headers(body, nowSec - 300))).toEqual({ ok: true });
    expect(check(signer.headers(body, nowSec - 301))).toEqual({
      ok: false,
      reason: "stale timestamp",
    });
    expect(check(signer.headers(body, nowSec + 301))).toEqual({
      ok: false,
      reason: "timestamp in the future",
    });
  });

  it("refuses to start without a public key, or with one that is not 32 bytes of hex", () => {
    expect(() => new InteractionVerifier({ publicKeyHex: "" })).toThrow(
      /public key is empty: refusing to accept unverified interactions/,
    );
    expect(() => new InteractionVerifier({ publicKeyHex: "abc" })).toThrow(/64 hex digits/);
  });
});
