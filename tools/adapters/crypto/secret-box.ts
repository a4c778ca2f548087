import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { AlphadeskError, invalidInput } from "../../errors.ts";

/** The environment variable that holds the keyring: `k2:<base64 key>,k1:<base64 key>`, current first. */
export const secretKeysVariable = "ALPHADESK_SECRET_KEYS";

const envelopeVersion = "v1";
const keyBytes = 32;
/** 96-bit IVs: GCM's native size (NIST SP 800-38D 8.2); random, so at most 2^32 seals per key. */
const ivBytes = 12;
const tagBytes = 16;
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const base64urlPattern = /^[A-Za-z0-9_-]*$/;

export interface Keyring {
  currentKeyId: string;
  /** Key id -> 32-byte AES-256 key. */
  keys: Record<string, Uint8Array>;
}

/**
 * Parses `k2:<base64>,k1:<base64>` (standard or URL-safe base64 of 32 bytes; the first entry is
 * the current key, the others open older envelopes). Reports every problem at once, naming
 * entries by position and id and never echoing key material.
 */
export function parseKeyring(text: string, source = secretKeysVariable): Keyring {
  if (text.trim() === "") {
    throw keyringError(source, [
      `it is empty; generate a key with \`openssl rand -base64 32\` and set ${source}=k1:<that key>`,
    ]);
  }
  const problems: string[] = [];
  const keys: Record<string, Uint8Array> = {};
  const entries = text.split(",").map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const position = `entry ${index + 1}`;
    const colon = entry.indexOf(":");
    if (colon < 0) {
      problems.push(`${position} is not of the form <key id>:<base64 key>`);
      return;
    }
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!keyIdPattern.test(id)) {
      problems.push(`${position}: the key id must be 1-32 letters, digits, _ or -`);
      return;
    }
    if (Object.hasOwn(keys, id)) {
      problems.push(`${position}: key id "${id}" appears twice`);
      return;
    }
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
      problems.push(`${position} (key id "${id}"): the key is not base64`);
      return;
    }
    const key = Buffer.from(encoded, "base64");
    if (key.length !== keyBytes) {
      problems.push(
        `${position} (key id "${id}"): the key is ${key.length} bytes, an AES-256 key is ${keyBytes} (\`openssl rand -base64 32\`)`,
      );
      return;
    }
    keys[id] = new Uint8Array(key);
  });
  if (problems.length > 0) throw keyringError(source, problems);
  return { currentKeyId: entries[0]!.slice(0, entries[0]!.indexOf(":")).trim(), keys };
}

const keyringError = (source: string, problems: string[]) =>
  new AlphadeskError(
    "invalid_config",
    `${source} is not a valid keyring: ${problems.join("; ")}`,
    "user",
  );

/** Raw AES-256-GCM with a 128-bit tag, for envelopes and known-answer tests. */
export function aes256GcmEncrypt(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  associatedData: Uint8Array,
): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

/** The plaintext, or undefined when the tag does not authenticate the rest. */
export function aes256GcmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  associatedData: Uint8Array,
): Buffer | undefined {
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
  decipher.setAAD(associatedData);
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(ciphertext);
  try {
    return Buffer.concat([plaintext, decipher.final()]);
  } catch {
    plaintext.fill(0);
    return undefined;
  }
}

interface ParsedEnvelope {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Encryption at rest for secrets stored in the database (broker keys, strategy parameters):
 * AES-256-GCM, a fresh random IV per seal, envelopes `v1.<keyId>.<iv>.<ciphertext>.<tag>`
 * (base64url parts). Seals with the current key and opens with any key of the ring, so keys can
 * be rotated: put the new key first, keep the old ones until every envelope is resealed.
 *
 * `associatedData` is authenticated but not stored: bind a secret to its owner (e.g. the row's id
 * and column) so an envelope copied elsewhere does not open. No associated data equals "".
 * Errors name the key id and what is wrong, never the plaintext, the key or the envelope.
 */
export class SecretBox {
  readonly currentKeyId: string;
  readonly #keys: ReadonlyMap<string, Uint8Array>;
  readonly #randomIv: () => Uint8Array;

  constructor(keyring: Keyring, options: { randomIv?: () => Uint8Array } = {}) {
    const problems: string[] = [];
    const keys = new Map<string, Uint8Array>();
    for (const [id, key] of Object.entries(keyring.keys)) {
      if (!keyIdPattern.test(id))
        problems.push(`key id "${id}" is not 1-32 letters, digits, _ or -`);
      else if (key.length !== keyBytes)
        problems.push(`key "${id}" is ${key.length} bytes, not ${keyBytes}`);
      else keys.set(id, Uint8Array.from(key));
    }
    if (!keys.has(keyring.currentKeyId)) {
      problems.push(`the current key id "${keyring.currentKeyId}" has no key`);
    }
    if (problems.length > 0) throw keyringError("the keyring", problems);
    this.currentKeyId = keyring.currentKeyId;
    this.#keys = keys;
    this.#randomIv = options.randomIv ?? (() => randomBytes(ivBytes));
  }

  /** The box of the keyring in `env[variable]`; unset or empty is an error that says how to make one. */
  static fromEnvironment(
    env: Readonly<Record<string, string | undefined>>,
    variable = secretKeysVariable,
  ): SecretBox {
    const text = env[variable];
    if (text === undefined || text.trim() === "") {
      throw new AlphadeskError(
        "invalid_config",
        `${variable} is not set: secrets stored in the database are encrypted with it; generate a key with \`openssl rand -base64 32\` and set ${variable}=k1:<that key>`,
        "user",
      );
    }
    return new SecretBox(parseKeyring(text, variable));
  }

  /** The ids of every key that can open envelopes, current first. */
  get keyIds(): string[] {
    return [this.currentKeyId, ...[...this.#keys.keys()].filter((id) => id !== this.currentKeyId)];
  }

  seal(plaintext: string, associatedData?: string): string {
    const iv = this.#randomIv();
    if (iv.length !== ivBytes)
      throw new Error(`the IV source gave ${iv.length} bytes, not ${ivBytes}`);
    const { ciphertext, tag } = aes256GcmEncrypt(
      this.#keys.get(this.currentKeyId)!,
      iv,
      utf8("plaintext", plaintext),
      utf8("associatedData", associatedData ?? ""),
    );
    return [
      envelopeVersion,
      this.currentKeyId,
      Buffer.from(iv).toString("base64url"),
      ciphertext.toString("base64url"),
      tag.toString("base64url"),
    ].join(".");
  }

  open(envelope: string, associatedData?: string): string {
    const parsed = parseEnvelope(envelope);
    const key = this.#keys.get(parsed.keyId);
    if (!key) {
      throw new AlphadeskError(
        "secret_key_unknown",
        `the secret was sealed with key "${parsed.keyId}", which is not in the keyring (${this.keyIds.join(", ")}): add that key back to ${secretKeysVariable} (after the current one) to open it`,
        "user",
      );
    }
    const plaintext = aes256GcmDecrypt(
      key,
      parsed.iv,
      parsed.ciphertext,
      parsed.tag,
      utf8("associatedData", associatedData ?? ""),
    );
    if (!plaintext) {
      throw new AlphadeskError(
        "secret_unauthentic",
        `the secret sealed with key "${parsed.keyId}" failed authentication: it was altered, or it is opened with other associated data than it was sealed with (e.g. copied to another row); nothing was decrypted`,
        "fatal",
      );
    }
    const text = plaintext.toString("utf8");
    plaintext.fill(0);
    return text;
  }

  /** The id of the key an envelope was sealed with (checks the envelope's form, not its tag). */
  keyIdOf(envelope: string): string {
    return parseEnvelope(envelope).keyId;
  }

  /** Whether an envelope was sealed with a key other than the current one. */
  needsReseal(envelope: string): boolean {
    return this.keyIdOf(envelope) !== this.currentKeyId;
  }

  /** Opens with whichever key sealed it and seals again with the current key. */
  reseal(envelope: string, associatedData?: string): string {
    return this.seal(this.open(envelope, associatedData), associatedData);
  }

  toJSON(): { currentKeyId: string; keyIds: string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }

  [inspect.custom](): string {
    return `SecretBox { currentKeyId: '${this.currentKeyId}', keyIds: [${this.keyIds.map((id) => `'${id}'`).join(", ")}] }`;
  }
}

function parseEnvelope(envelope: string): ParsedEnvelope {
  const malformed = (why: string) =>
    new AlphadeskError(
      "secret_malformed",
      `the stored secret is not a sealed envelope (${why}); expected v1.<key id>.<iv>.<ciphertext>.<tag>`,
      "fatal",
    );
  if (typeof envelope !== "string") throw malformed(`a ${typeof envelope}, not a string`);
  const parts = envelope.split(".");
  if (parts[0] !== envelopeVersion) {
    throw malformed(
      /^v\d+$/.test(parts[0] ?? "")
        ? `version ${parts[0]} is not one this build opens`
        : "no version prefix",
    );
  }
  if (parts.length !== 5) throw malformed(`${parts.length} dot-separated parts, not 5`);
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (!keyIdPattern.test(keyId)) throw malformed("the key id is not 1-32 letters, digits, _ or -");
  const decode = (name: string, text: string, bytes?: number) => {
    const decoded = Buffer.from(text, "base64url");
    // Only the canonical spelling is accepted, so one envelope has one text.
    if (!base64urlPattern.test(text) || decoded.toString("base64url") !== text) {
      throw malformed(`the ${name} is not base64url`);
    }
    if (bytes !== undefined && decoded.length !== bytes) {
      throw malformed(`the ${name} is ${decoded.length} bytes, not ${bytes}`);
    }
    return decoded;
  };
  return {
    keyId,
    iv: decode("iv", iv, ivBytes),
    ciphertext: decode("ciphertext", ciphertext),
    tag: decode("tag", tag, tagBytes),
  };
}

/** UTF-8 bytes of well-formed text; a lone surrogate would silently become U+FFFD. */
function utf8(name: string, text: string): Buffer {
  if (typeof text !== "string") {
    throw invalidInput(`\`${name}\` must be a string (was ${typeof text})`, [
      { path: [name], message: "not a string" },
    ]);
  }
  const bytes = Buffer.from(text, "utf8");
  if (bytes.toString("utf8") !== text) {
    throw invalidInput(`\`${name}\` is not well-formed Unicode (it holds a lone surrogate)`, [
      { path: [name], message: "not well-formed Unicode" },
    ]);
  }
  return bytes;
}
