import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/e2e/run-cli.ts";
import { openDatabase } from "../../tools/adapters/open-store.ts";
import { readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-secrets-"));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

const spec = (marker: string) => ({ name: marker, note: `confidential-${marker}` });
const env = (keys = "") => ({
  ALPHADESK_HOME: home,
  DATABASE_URL: "",
  ALPHADESK_SECRET_KEYS: keys,
});

/** The table as stored, read without any keyring. */
async function rawRows(): Promise<{ id: string; spec: unknown; sealed: string | null }[]> {
  const { store, client } = await openDatabase({ home });
  try {
    return await client.query("SELECT id, spec, spec_sealed AS sealed FROM strategies ORDER BY id");
  } finally {
    await store.close();
  }
}

describe("alphadesk secrets reseal", () => {
  it("seals legacy rows with the key file it makes, rotates, and changes nothing twice", async () => {
    // Two rows as versions before sealing wrote them.
    const legacy = await openDatabase({ home });
    for (const digit of ["1", "2"])
      await legacy.store.saveStrategy({ id: digit.repeat(64), name: digit, spec: spec(digit) });
    await legacy.store.close();

    const first = await runCli(["secrets", "reseal"], env());
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Strategy specs: 2 plaintext sealed, 0 resealed; 2 now sealed with the current key k-[0-9a-f]{8}\.\n$/,
    );
    expect((await stat(join(home, "secret-keys"))).mode & 0o777).toBe(0o600);
    for (const row of await rawRows()) {
      expect(row.spec).toBeNull();
      expect(row.sealed).toMatch(/^v1\.k-[0-9a-f]{8}\./);
    }

    const again = await runCli(["secrets", "reseal"], env());
    expect(again.stdout).toMatch(
      /^Strategy specs: 0 plaintext sealed, 0 resealed; 2 now sealed with the current key k-[0-9a-f]{8}\.\n$/,
    );

    // The runtime seals with the same key file, and reads what the command sealed.
    const runtime = await openRuntime(readConfig(env()));
    expect((await runtime.store.requestStrategy("1".repeat(64)))!.spec).toEqual(spec("1"));
    await runtime.store.saveStrategy({ id: "3".repeat(64), name: "3", spec: spec("3") });
    await runtime.close();
    expect((await rawRows())[2]).toMatchObject({
      spec: null,
      sealed: expect.stringMatching(/^v1\.k-[0-9a-f]{8}\./),
    });

    // Rotation: the new key first, the file's key after it.
    const k1 = (await readFile(join(home, "secret-keys"), "utf8")).trim();
    const k2 = `k2:${randomBytes(32).toString("base64")}`;
    const rotated = await runCli(["secrets", "reseal", "--batch-size", "2"], env(`${k2},${k1}`));
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toBe(
      `Strategy specs: 0 plaintext sealed, 3 resealed (3 from key ${k1.split(":")[0]}); 3 now sealed with the current key k2.\n` +
        `No strategy spec needs key ${k1.split(":")[0]} any more: remove it from the keyring once every process runs with the current key first.\n`,
    );
    const runtimeAfter = await openRuntime(readConfig(env(k2)));
    expect((await runtimeAfter.store.requestStrategy("2".repeat(64)))!.spec).toEqual(spec("2"));
    await runtimeAfter.close();

    // A keyring without the key that sealed them: a clear message naming the key, no stack.
    const k3 = `k3:${randomBytes(32).toString("base64")}`;
    const missing = await runCli(["secrets", "reseal"], env(k3));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^strategy 1{64}: the secret was sealed with key "k2", which is not in the keyring \(k3\)/,
    );
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
