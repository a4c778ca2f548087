import { createPublicKey, verify, type KeyObject } from "node:crypto";

export interface InteractionVerifierOptions {
  /** The application's public key from the Developer Portal: 64 hex digits (32 bytes, Ed25519). */
  publicKeyHex: string;
  /** How far a request's timestamp may lie from now, either way; default 5 minutes. */
  toleranceMs?: number;
  nowMs?: () => number;
}

/** The two headers Discord signs an interaction request with. */
export interface SignatureHeaders {
  signature: string | undefined;
  timestamp: string | undefined;
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/** DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 raw key bytes follow it. */
const ed25519SpkiPrefix = Buffer.from("302a300506032b6570032100", "hex");

/**
 * Discord's interaction request signature: Ed25519 over `X-Signature-Timestamp` + the raw body,
 * checked against the application's public key. Also refused: a timestamp outside the tolerance
 * (stale or from the future) and a request already accepted once (a replay), remembered until
 * its timestamp leaves the tolerance and the window check refuses it anyway.
 */
export class InteractionVerifier {
  private readonly key: KeyObject;
  private readonly toleranceMs: number;
  private readonly nowMs: () => number;
  /** Accepted signatures, with when they can be forgotten. */
  private readonly seen = new Map<string, number>();

  constructor(options: InteractionVerifierOptions) {
    const hex = options.publicKeyHex.trim();
    if (hex === "")
      throw new Error(
        "the Discord public key is empty: refusing to accept unverified interactions (set DISCORD_PUBLIC_KEY)",
      );
    if (!/^[0-9a-f]{64}$/i.test(hex))
      throw new Error(
        `the Discord public key must be 64 hex digits (the application's "Public Key"); was ${hex.length} characters`,
      );
    this.key = createPublicKey({
      key: Buffer.concat([ed25519SpkiPrefix, Buffer.from(hex, "hex")]),
      format: "der",
      type: "spki",
    });
    this.toleranceMs = options.toleranceMs ?? 5 * 60_000;
    this.nowMs = options.nowMs ?? Date.now;
  }

  verify(headers: SignatureHeaders, body: Buffer): SignatureVerdict {
    const { signature, timestamp } = headers;
    if (!signature || !timestamp)
      return { ok: false, reason: "missing X-Signature-Ed25519 or X-Signature-Timestamp" };
    if (!/^[0-9a-f]{128}$/i.test(signature))
      return { ok: false, reason: "X-Signature-Ed25519 is not 64 bytes of hex" };
    if (!/^\d{1,12}$/.test(timestamp))
      return { ok: false, reason: "X-Signature-Timestamp is not a Unix time in seconds" };
    const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), body]);
    if (!verify(null, signed, this.key, Buffer.from(signature, "hex")))
      return { ok: false, reason: "invalid request signature" };
    const nowMs = this.nowMs();
    const sentAtMs = Number(timestamp) * 1000;
    if (sentAtMs < nowMs - this.toleranceMs) return { ok: false, reason: "stale timestamp" };
    if (sentAtMs > nowMs + this.toleranceMs)
      return { ok: false, reason: "timestamp in the future" };
    this.forgetExpired(nowMs);
    // Ed25519 signatures are not malleable (OpenSSL refuses a non-canonical S), so the signature
    // names the request: the same one twice is a replay.
    const key = signature.toLowerCase();
    if (this.seen.has(key)) return { ok: false, reason: "replayed request" };
    this.seen.set(key, sentAtMs + this.toleranceMs);
    return { ok: true };
  }

  private forgetExpired(nowMs: number): void {
    for (const [signature, forgetAtMs] of this.seen)
      if (forgetAtMs < nowMs) this.seen.delete(signature);
  }
}
