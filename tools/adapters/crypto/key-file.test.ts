import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keyFileName, openKeyFile } from "./key-file.ts";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-keys-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe.skipIf(process.platform === "win32")("the secret key file", () => {
  it("is made on first use with one random key, readable by its owner only, and reused", async () => {
    const path = join(home, "nested", keyFileName);
    const first = await openKeyFile(path);
    expect(first.created).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, "utf8");
    expect(text).toMatch(/^k-[0-9a-f]{8}:[A-Za-z0-9+/]{43}=\n$/);
    const [id, encoded] = text.trim().split(":");
    const key = Buffer.from(encoded!, "base64");
    expect(key).toHaveLength(32);
    // The id is the key's fingerprint, computed here independently.
    expect(id).toBe(`k-${createHash("sha256").update(key).digest("hex").slice(0, 8)}`);
    // Nothing is left beside it.
    expect(await readdir(join(home, "nested"))).toEqual([keyFileName]);

    const second = await openKeyFile(path);
    expect(second.created).toBe(false);
    expect(await readFile(path, "utf8")).toBe(text);
    expect(second.box.currentKeyId).toBe(id);
    expect(second.box.open(first.box.seal("spec", "ad"), "ad")).toBe("spec");
  });

  it("gives processes that start at once the same key", async () => {
    const path = join(home, keyFileName);
    const opened = await Promise.all(Array.from({ length: 8 }, () => openKeyFile(path)));
    expect(opened.filter((result) => result.created)).toHaveLength(1);
    const envelope = opened[0]!.box.seal("spec");
    for (const { box } of opened) expect(box.open(envelope)).toBe("spec");
    expect(await readdir(home)).toEqual([keyFileName]);
  });

  it("reads a rotated ring, a key a line, current first, with comments", async () => {
    const path = join(home, keyFileName);
    const [k2, k1] = [randomBytes(32).toString("base64"), randomBytes(32).toString("base64")];
    await writeFile(path, `# rotated 2026-12-01\nk2:${k2}\nk1:${k1}\n`, { mode: 0o600 });
    const { box, created } = await openKeyFile(path);
    expect(created).toBe(false);
    expect(box.keyIds).toEqual(["k2", "k1"]);
  });

  it("refuses a key file others can read, and a broken one, without echoing the key", async () => {
    const path = join(home, keyFileName);
    await openKeyFile(path);
    const key = (await readFile(path, "utf8")).trim().split(":")[1]!;
    await chmod(path, 0o644);
    const exposed = openKeyFile(path);
    await expect(exposed).rejects.toMatchObject({
      code: "secret_key_file_exposed",
      message: expect.stringContaining(`mode 644): run \`chmod 600 ${path}\``),
    });
    await expect(exposed).rejects.not.toThrow(key);

    await writeFile(path, `k1:${key.slice(0, 20)}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
    const broken = openKeyFile(path);
    await expect(broken).rejects.toThrow(
      /the key file .* is not a valid keyring: entry 1 \(key id "k1"\): the key is 15 bytes/,
    );
    await expect(broken).rejects.not.toThrow(key.slice(0, 20));

    await writeFile(path, "# nothing here\n");
    await expect(openKeyFile(path)).rejects.toThrow(/holds no key: restore it from your backup/);
  });
});
