import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AlphadeskError } from "../../errors.ts";
import {
  aes256GcmDecrypt,
  aes256GcmEncrypt,
  parseKeyring,
  SecretBox,
  secretKeysVariable,
} from "./secret-box.ts";

const hex = (text: string) => Buffer.from(text, "hex");
const b64u = (bytes: Buffer) => bytes.toString("base64url");

/**
 * The AES-256 known answers of McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)"
 * (2005, submitted to NIST for SP 800-38D), Appendix B, test cases 13-16; the same vectors are in
 * OpenSSL's test/recipes/30-test_evp_data/evpciph_aes_common.txt.
 */
const gcmSpecCases = [
  {
    name: "test case 13 (empty plaintext, no AAD)",
    key: "00".repeat(32),
    iv: "00".repeat(12),
    plaintext: "",
    aad: "",
    ciphertext: "",
    tag: "530f8afbc74536b9a963b4f1c4cb738b",
  },
  {
    name: "test case 14 (one zero block)",
    key: "00".repeat(32),
    iv: "00".repeat(12),
    plaintext: "00".repeat(16),
    aad: "",
    ciphertext: "cea7403d4d606b6e074ec5d3baf39d18",
    tag: "d0d1c8a799996bf0265b98b5d48ab919",
  },
  {
    name: "test case 15 (four blocks, no AAD)",
    key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    iv: "cafebabefacedbaddecaf888",
    plaintext:
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
    aad: "",
    ciphertext:
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" +
      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
    tag: "b094dac5d93471bdec1a502270e3cc6c",
  },
  {
    name: "test case 16 (partial last block, 20 bytes of AAD)",
    key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    iv: "cafebabefacedbaddecaf888",
    plaintext:
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
    aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
    ciphertext:
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" +
      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
    tag: "76fc6ece0f4e1768cddf8853bb2d551b",
  },
];

const key1 = Buffer.alloc(32, 0x11).toString("base64");
const key2 = Buffer.alloc(32, 0x22).toString("base64url");
const key3 = Buffer.alloc(32, 0x33).toString("base64");
const secret = "PKLIVE-éñ-🔑-sk_0123456789abcdef";

/** The error `work` throws, checked to be an AlphadeskError with `code`. */
function caught(work: () => unknown, code: string): AlphadeskError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AlphadeskError);
    expect((error as AlphadeskError).code).toBe(code);
    return error as AlphadeskError;
  }
  throw new Error(`expected an error with code ${code}`);
}

/** The envelope with bit 0 of one byte of one base64url part flipped. */
function flip(envelope: string, part: number, byte = 0): string {
  const parts = envelope.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[byte] = bytes[byte]! ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("AES-256-GCM against the GCM specification's known answers", () => {
  for (const vector of gcmSpecCases) {
    it(vector.name, () => {
      const sealed = aes256GcmEncrypt(
        hex(vector.key),
        hex(vector.iv),
        hex(vector.plaintext),
        hex(vector.aad),
      );
      expect(sealed.ciphertext.toString("hex")).toBe(vector.ciphertext);
      expect(sealed.tag.toString("hex")).toBe(vector.tag);
      const opened = aes256GcmDecrypt(
        hex(vector.key),
        hex(vector.iv),
        hex(vector.ciphertext),
        hex(vector.tag),
        hex(vector.aad),
      );
      expect(opened?.toString("hex")).toBe(vector.plaintext);
      const badTag = hex(vector.tag);
      badTag[15] = badTag[15]! ^ 0x80;
      expect(
        aes256GcmDecrypt(
          hex(vector.key),
          hex(vector.iv),
          hex(vector.ciphertext),
          badTag,
          hex(vector.aad),
        ),
      ).toBeUndefined();
    });
  }

  it("lays the envelope out as v1.<key id>.<iv>.<ciphertext>.<tag> over those answers", () => {
    // Cases 13 and 14 have a zero key and IV and a plaintext that is valid UTF-8 (none, 16 NULs).
    const zeroBox = new SecretBox(
      { currentKeyId: "k0", keys: { k0: new Uint8Array(32) } },
      { randomIv: () => new Uint8Array(12) },
    );
    const [case13, case14] = gcmSpecCases;
    const envelope13 = `v1.k0.${b64u(hex(case13!.iv))}..${b64u(hex(case13!.tag))}`;
    const envelope14 = `v1.k0.${b64u(hex(case14!.iv))}.${b64u(hex(case14!.ciphertext))}.${b64u(hex(case14!.tag))}`;
    expect(zeroBox.seal("")).toBe(envelope13);
    expect(zeroBox.seal("\0".repeat(16))).toBe(envelope14);
    expect(zeroBox.open(envelope13)).toBe("");
    expect(zeroBox.open(envelope14)).toBe("\0".repeat(16));
  });
});

describe("SecretBox", () => {
  const box = new SecretBox(parseKeyring(`k1:${key1}`));

  it("round-trips text, with and without associated data, a fresh IV each time", () => {
    for (const text of ["", "x", secret, "a".repeat(100_000), "line\nbreak\u0000nul"]) {
      expect(box.open(box.seal(text))).toBe(text);
      expect(
        box.open(box.seal(text, "broker_accounts:7:api_secret"), "broker_accounts:7:api_secret"),
      ).toBe(text);
    }
    const first = box.seal(secret);
    const second = box.seal(secret);
    expect(first).not.toBe(second);
    expect(first.split(".")[2]).not.toBe(second.split(".")[2]);
    expect(first).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(first).not.toContain(secret);
    expect(box.keyIdOf(first)).toBe("k1");
  });

  it("rotates: opens an envelope of k1 once k2 is current, reseals it with k2, and k1 can then retire", () => {
    const sealedWithK1 = box.seal(secret, "row-7");
    const rotated = SecretBox.fromEnvironment({ [secretKeysVariable]: `k2:${key2},k1:${key1}` });
    expect(rotated.currentKeyId).toBe("k2");
    expect(rotated.keyIds).toEqual(["k2", "k1"]);
    expect(rotated.open(sealedWithK1, "row-7")).toBe(secret);
    expect(rotated.needsReseal(sealedWithK1)).toBe(true);

    const resealed = rotated.reseal(sealedWithK1, "row-7");
    expect(rotated.keyIdOf(resealed)).toBe("k2");
    expect(rotated.needsReseal(resealed)).toBe(false);
    expect(rotated.seal("new").startsWith("v1.k2.")).toBe(true);

    const retired = new SecretBox(parseKeyring(`k2:${key2}`));
    expect(retired.open(resealed, "row-7")).toBe(secret);
    const error = caught(() => retired.open(sealedWithK1, "row-7"), "secret_key_unknown");
    expect(error.message).toMatch(/sealed with key "k1", which is not in the keyring \(k2\)/);
    expect(error.message).toContain(secretKeysVariable);
  });

  it("refuses an altered envelope or other associated data, saying so without leaking anything", () => {
    const ring = new SecretBox(parseKeyring(`k2:${key2},k1:${key1}`));
    const envelope = ring.seal(secret, "row-7");
    const attempts = [
      () => ring.open(flip(envelope, 2), "row-7"), // iv
      () => ring.open(flip(envelope, 3, 5), "row-7"), // ciphertext
      () => ring.open(flip(envelope, 4, 15), "row-7"), // tag
      () => ring.open(envelope.replace("v1.k2.", "v1.k1."), "row-7"), // another key of the ring
      () => ring.open(envelope, "row-8"), // copied to another row
      () => ring.open(envelope), // associated data left out
      () => ring.open(ring.seal(secret), "row-7"), // sealed without, opened with
    ];
    for (const attempt of attempts) {
      const error = caught(attempt, "secret_unauthentic");
      expect(error.message).toMatch(
        /failed authentication: it was altered, or it is opened with other associated data/,
      );
      for (const leak of [secret, key1, key2, envelope, "row-7", "PKLIVE"]) {
        expect(error.message).not.toContain(leak);
      }
    }
    expect(ring.open(envelope, "row-7")).toBe(secret);
  });

  it("refuses malformed envelopes with a reason", () => {
    const envelope = box.seal(secret);
    const [, , iv, ciphertext, tag] = envelope.split(".") as [
      string,
      string,
      string,
      string,
      string,
    ];
    const cases: [string, RegExp][] = [
      ["", /no version prefix/],
      [secret, /no version prefix/],
      [`v2.k1.${iv}.${ciphertext}.${tag}`, /version v2 is not one this build opens/],
      [`v1.k1.${iv}.${ciphertext}`, /4 dot-separated parts, not 5/],
      [`${envelope}.extra`, /6 dot-separated parts, not 5/],
      [`v1.k 1.${iv}.${ciphertext}.${tag}`, /key id/],
      [`v1.k1.${iv}.${ciphertext}+/.${tag}`, /ciphertext is not base64url/],
      [`v1.k1.${iv}=.${ciphertext}.${tag}`, /iv is not base64url/],
      [`v1.k1.${iv}AAAA.${ciphertext}.${tag}`, /iv is 15 bytes, not 12/],
      [`v1.k1.${iv}.${ciphertext}.${tag.slice(0, 20)}`, /tag is 15 bytes, not 16/],
      // 22 characters carry 132 bits: a last character with stray low bits is not canonical.
      [
        `v1.k1.${iv}.${ciphertext}.${tag.slice(0, 21)}${tag.endsWith("B") ? "C" : "B"}`,
        /tag is not base64url/,
      ],
    ];
    for (const [text, reason] of cases) {
      const error = caught(() => box.open(text), "secret_malformed");
      expect(error.message).toMatch(reason);
      expect(error.message).toMatch(/expected v1\.<key id>\.<iv>\.<ciphertext>\.<tag>/);
      if (text !== "") expect(error.message).not.toContain(text);
    }
    caught(() => box.open(`v1.k9.${iv}.${ciphertext}.${tag}`), "secret_key_unknown");
  });

  it("refuses text that is not well-formed Unicode instead of silently changing it", () => {
    caught(() => box.seal("broken \ud800 surrogate"), "invalid_input");
    caught(() => box.seal("fine", "broken \udc00"), "invalid_input");
  });

  it("never shows its keys when printed or serialized", () => {
    const ring = new SecretBox(parseKeyring(`k2:${key2},k1:${key1}`));
    const shown = [
      inspect(ring, { showHidden: true, depth: 10 }),
      JSON.stringify(ring),
      String(ring),
    ];
    for (const text of shown) {
      for (const key of [key1, key2, Buffer.from(key1, "base64").toString("hex")]) {
        expect(text).not.toContain(key);
      }
    }
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ currentKeyId: "k2", keyIds: ["k2", "k1"] });
  });
});

describe("parseKeyring", () => {
  it("takes the first entry as current, standard or URL-safe base64, spaces allowed", () => {
    const keyring = parseKeyring(` k2 : ${key2} , k1:${key1}`);
    expect(keyring.currentKeyId).toBe("k2");
    expect(Object.keys(keyring.keys)).toEqual(["k2", "k1"]);
    expect(Buffer.from(keyring.keys.k2!)).toEqual(Buffer.alloc(32, 0x22));
    expect(Buffer.from(keyring.keys.k1!)).toEqual(Buffer.alloc(32, 0x11));
  });

  it("reports every problem at once, by position and key id, never echoing a key", () => {
    const short = Buffer.alloc(16, 0x44).toString("base64");
    const error = caught(
      () => parseKeyring(`k1:${key1},${key3},bad id:${key3},k1:${key3},k4:not*base64,k5:${short}`),
      "invalid_config",
    );
    expect(error.message).toContain(`${secretKeysVariable} is not a valid keyring`);
    expect(error.message).toContain("entry 2 is not of the form <key id>:<base64 key>");
    expect(error.message).toContain("entry 3: the key id must be 1-32 letters, digits, _ or -");
    expect(error.message).toContain('entry 4: key id "k1" appears twice');
    expect(error.message).toContain('entry 5 (key id "k4"): the key is not base64');
    expect(error.message).toContain(
      'entry 6 (key id "k5"): the key is 16 bytes, an AES-256 key is 32',
    );
    for (const key of [key1, key3, short, "not*base64"]) expect(error.message).not.toContain(key);
  });

  it("says how to make a key when the variable is unset or empty", () => {
    for (const env of [{}, { [secretKeysVariable]: "  " }]) {
      const error = caught(() => SecretBox.fromEnvironment(env), "invalid_config");
      expect(error.message).toMatch(/ALPHADESK_SECRET_KEYS is not set.*openssl rand -base64 32/);
    }
    caught(() => parseKeyring(""), "invalid_config");
  });

  it("refuses a keyring whose current key is missing or of the wrong size", () => {
    caught(
      () => new SecretBox({ currentKeyId: "k2", keys: { k1: new Uint8Array(32) } }),
      "invalid_config",
    );
    caught(
      () => new SecretBox({ currentKeyId: "k1", keys: { k1: new Uint8Array(31) } }),
      "invalid_config",
    );
  });
});
