import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/e2e/run-cli.ts";
import { openDatabase } from "../../tools/adapters/open-store.ts";
import { readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";
import { seedHome } from "../../test/support/pglite.ts";

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-secrets-"));
  await seedHome(home);
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

type Counts = [sealed: number, resealed: string, current: number];

/** What `secrets reseal` prints per table. */
const tableLines = (
  key: string,
  counts: Record<"specs" | "optimizations" | "trials" | "reports", Counts>,
) => {
  const line = (label: string, [sealed, resealed, current]: Counts) =>
    `${label}: ${sealed} plaintext sealed, ${resealed}; ${current} now sealed with the current key ${key}.\n`;
  return [
    line("Strategy specs", counts.specs),
    line("Findings (strategy_spec, parameters)", [0, "0 resealed", 0]),
    line("Optimizations (template, settings, result)", counts.optimizations),
    line("Optimization trials (params)", counts.trials),
    line("Validation reports (report)", counts.reports),
    line("Strategy explanations (explanation)", [0, "0 resealed", 0]),
    line("Generated programs (code)", [0, "0 resealed", 0]),
  ].join("");
};

/** The key file's id is random: the output with it spelled `<file key>`. */
const withFileKey = (text: string) => text.replaceAll(/k-[0-9a-f]{8}/g, "<file key>");

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
    // Rows as versions before sealing wrote them: two strategies, a finished optimization with
    // a trial (its template, settings and result: three values), a validation report.
    const legacy = await openDatabase({ home });
    for (const digit of ["1", "2"])
      await legacy.store.saveStrategy({ id: digit.repeat(64), name: digit, spec: spec(digit) });
    const { optimization } = await legacy.store.openOptimization({
      key: "request",
      template: spec("template"),
      settings: { trials: 1 },
    });
    await legacy.store.saveTrial(optimization.id, {
      stage: "main",
      number: 0,
      params: { fast: 10 },
      state: "complete",
      value: 1,
      metrics: null,
      error: null,
    });
    await legacy.store.finishOptimization(optimization.id, "completed", { best: { fast: 10 } });
    await legacy.store.saveValidationReport({
      strategyId: "1".repeat(64),
      verdict: "pass",
      report: spec("report"),
    });
    await legacy.store.close();

    const first = await runCli(["secrets", "reseal"], env());
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(withFileKey(first.stdout)).toBe(
      tableLines("<file key>", {
        specs: [2, "0 resealed", 2],
        optimizations: [3, "0 resealed", 3],
        trials: [1, "0 resealed", 1],
        reports: [1, "0 resealed", 1],
      }),
    );
    expect((await stat(join(home, "secret-keys"))).mode & 0o777).toBe(0o600);
    for (const row of await rawRows()) {
      expect(row.spec).toBeNull();
      expect(row.sealed).toMatch(/^v1\.k-[0-9a-f]{8}\./);
    }

    const again = await runCli(["secrets", "reseal"], env());
    expect(withFileKey(again.stdout)).toBe(
      tableLines("<file key>", {
        specs: [0, "0 resealed", 2],
        optimizations: [0, "0 resealed", 3],
        trials: [0, "0 resealed", 1],
        reports: [0, "0 resealed", 1],
      }),
    );

    // The runtime seals with the same key file, and reads what the command sealed.
    const runtime = await openRuntime(readConfig(env()));
    expect((await runtime.store.requestStrategy("1".repeat(64)))!.spec).toEqual(spec("1"));
    expect(await runtime.store.requestOptimization(optimization.id)).toMatchObject({
      template: spec("template"),
      settings: { trials: 1 },
      result: { best: { fast: 10 } },
    });
    expect((await runtime.store.listTrials(optimization.id))[0]!.params).toEqual({ fast: 10 });
    expect((await runtime.store.latestValidationReport("1".repeat(64)))!.report).toEqual(
      spec("report"),
    );
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
    const k1Id = k1.split(":")[0]!;
    const from = (n: number) => `${n} resealed (${n} from key ${k1Id})`;
    expect(rotated.stdout).toBe(
      tableLines("k2", {
        specs: [0, from(3), 3],
        optimizations: [0, from(3), 3],
        trials: [0, from(1), 1],
        reports: [0, from(1), 1],
      }) +
        `Nothing sealed needs key ${k1Id} any more: remove it from the keyring once every process runs with the current key first.\n`,
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
