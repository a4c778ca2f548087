import { randomBytes } from "node:crypto";
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Finding } from "../../../engine/scanner/index.ts";
import type { StrategySpec } from "../../../engine/strategy/spec.ts";
import { momentumFinding } from "../finding-fixture.ts";
import { createTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import type { ScanSummary } from "../../ports/findings.ts";
import type { StoredTrial } from "../../ports/optimizations.ts";
import { SecretBox } from "../crypto/secret-box.ts";
import { PgliteClient } from "../pglite/client.ts";
import { PostgresClient } from "../postgres/client.ts";
import type { SqlClient } from "./client.ts";
import { migrate } from "./migrate.ts";
import { resealSealedTables } from "./reseal.ts";
import { SqlStore } from "./store.ts";

const k1 = new Uint8Array(randomBytes(32));
const k2 = new Uint8Array(randomBytes(32));
const boxOf = (currentKeyId: string, keys: Record<string, Uint8Array>) =>
  new SecretBox({ currentKeyId, keys });

/**
 * Words of the parameters that must never appear in a sealed row: long enough that an
 * envelope's base64url cannot spell them by chance.
 */
const secretWords = (marker: string) => [`confidential-${marker}`, "crossAbove", "193731"];

const specOf = (marker: string, timeframe: string): StrategySpec => ({
  name: `momentum SPY long`,
  description: `confidential-${marker}`,
  universe: ["SPY"],
  timeframe,
  side: "long",
  entry: { crossAbove: [{ sma: { period: 17 } }, { sma: { period: 193_731 } }] },
  filters: [],
  sizing: { fractionOfEquity: 1 },
  costs: { feeBps: 1, slippageBps: 0 },
});

/**
 * A finding as the scanner makes one. Its key names its pattern, symbols and parameters (that is
 * how scans recognise it), so the parameters here are not among the secret words; the spec's are.
 */
const findingOf = (marker: string, timeframe = "1d"): Finding =>
  momentumFinding(specOf(marker, timeframe), marker.length);

const scanOf = (timeframe: string): ScanSummary => ({
  options: {},
  symbols: ["SPY"],
  families: ["momentum"],
  timeframe,
  candidatesTested: 1,
  startedMs: 0,
});

const trialOf = (number: number, stage = "main"): StoredTrial => ({
  stage,
  number,
  params: { fast: 193_731 + number, note: `confidential-trial-${number}` },
  state: "complete",
  value: 0.5,
  metrics: { sharpe: 0.5 },
  error: null,
});

const templateOf = (marker: string) => ({
  ...specOf(marker, "1d"),
  params: { fast: { int: [5, 193_731] } },
});

const strategyId = "a".repeat(64);
const otherStrategyId = "b".repeat(64);

function sealedParameters(name: string, open: () => Promise<SqlClient>) {
  describe(`sealed strategy parameters on ${name}`, () => {
    let client: SqlClient;
    beforeEach(async () => {
      client = await open();
    });
    afterEach(async () => {
      await client.close();
    });

    /** Every row of a table as the database prints it. */
    const rowsText = async (table: string) =>
      (await client.query<{ text: string }>(`SELECT t::text AS text FROM ${table} t`))
        .map((row) => row.text)
        .join("\n");
    const expectNoSecrets = (text: string, marker: string) => {
      for (const word of secretWords(marker)) expect(text).not.toContain(word);
    };

    it("findings: stores no spec or parameters in plaintext, reads them back equal, decays by timeframe", async () => {
      const store = new SqlStore(client, boxOf("k1", { k1 }));
      const daily = findingOf("daily");
      const hourly = findingOf("hourly", "1h");
      const first = await store.saveScan(scanOf("1d"), [daily]);
      await store.saveScan(scanOf("1h"), [hourly]);
      expect(first.findings[0]).toMatchObject({
        strategySpec: daily.strategySpec,
        parameters: daily.parameters,
      });

      const raw = await client.query<Record<string, unknown>>(
        "SELECT key, strategy_spec, strategy_spec_sealed, parameters, parameters_sealed, timeframe FROM findings ORDER BY id",
      );
      expect(raw).toEqual([
        expect.objectContaining({ key: daily.key, strategy_spec: null, parameters: null }),
        expect.objectContaining({ key: hourly.key, strategy_spec: null, parameters: null }),
      ]);
      for (const row of raw) {
        expect(row.strategy_spec_sealed).toMatch(/^v1\.k1\./);
        expect(row.parameters_sealed).toMatch(/^v1\.k1\./);
      }
      expect(raw.map((row) => row.timeframe)).toEqual(["1d", "1h"]);
      const text = await rowsText("findings");
      expectNoSecrets(text, "daily");
      expectNoSecrets(text, "hourly");

      const listed = await store.listFindings({ limit: 10 });
      const listedDaily = listed.find((finding) => finding.key === daily.key);
      const listedHourly = listed.find((finding) => finding.key === hourly.key);
      expect(listedDaily).toMatchObject({ ...daily, timesConfirmed: 1, decayedMs: null });
      expect(listedHourly).toMatchObject({ ...hourly, timesConfirmed: 1, decayedMs: null });
      expect(await store.requestFinding(listedDaily!.id)).toEqual(listedDaily);

      // A confirmation rewrites the envelopes (bound to the same key): still readable.
      const again = await store.saveScan(scanOf("1d"), [daily]);
      expect(again.findings[0]).toMatchObject({ timesConfirmed: 2, ...daily });

      // A daily scan that no longer finds anything decays the daily finding only.
      expect((await store.saveScan(scanOf("1d"), [])).decayed).toBe(1);
      expect((await store.requestFinding(listedDaily!.id))!.decayedMs).not.toBeNull();
      expect((await store.requestFinding(listedHourly!.id))!.decayedMs).toBeNull();
      expect((await store.saveScan(scanOf("1h"), [])).decayed).toBe(1);
      expect((await store.requestFinding(listedHourly!.id))!.decayedMs).not.toBeNull();

      // Without a keyring the store says what is missing, naming the finding.
      await expect(new SqlStore(client).requestFinding(listedDaily!.id)).rejects.toMatchObject({
        code: "secret_keys_missing",
        message: expect.stringMatching(
          new RegExp(`^finding ${listedDaily!.id}: its parameters column is sealed \\(key "k1"\\)`),
        ),
      });
    });

    it("findings: an envelope copied to another finding, or to another column, does not open", async () => {
      const store = new SqlStore(client, boxOf("k1", { k1 }));
      const {
        findings: [a, b],
      } = await store.saveScan(scanOf("1d"), [findingOf("a"), findingOf("bb")]);
      await client.query(
        `UPDATE findings SET strategy_spec_sealed = (SELECT strategy_spec_sealed FROM findings WHERE id = $1::bigint)
         WHERE id = $2::bigint`,
        [a!.id, b!.id],
      );
      await expect(store.requestFinding(b!.id)).rejects.toMatchObject({
        code: "secret_unauthentic",
        message: expect.stringMatching(new RegExp(`^finding ${b!.id}: .*failed authentication`)),
      });
      await client.query(
        "UPDATE findings SET strategy_spec_sealed = parameters_sealed WHERE id = $1::bigint",
        [a!.id],
      );
      await expect(store.requestFinding(a!.id)).rejects.toMatchObject({
        code: "secret_unauthentic",
      });
    });

    it("optimizations and trials: no parameters in plaintext, round trips equal, resumes", async () => {
      const store = new SqlStore(client, boxOf("k1", { k1 }));
      const request = {
        key: "request",
        template: templateOf("template"),
        settings: { seed: 193_731, note: "confidential-settings" },
      };
      const opened = await store.openOptimization(request);
      expect(opened.optimization).toMatchObject({
        template: request.template,
        settings: request.settings,
        state: "running",
        result: null,
      });
      const trials = [trialOf(0), trialOf(1), trialOf(0, "ladder:2")];
      for (const trial of trials) await store.saveTrial(opened.optimization.id, trial);
      const result = { best: { params: { fast: 193_731 } }, note: "confidential-result" };
      await store.finishOptimization(opened.optimization.id, "completed", result);

      const [row] = await client.query<Record<string, unknown>>(
        "SELECT template, settings, result, template_sealed, settings_sealed, result_sealed FROM optimizations",
      );
      expect(row).toMatchObject({ template: null, settings: null, result: null });
      for (const column of ["template_sealed", "settings_sealed", "result_sealed"])
        expect(row![column]).toMatch(/^v1\.k1\./);
      expectNoSecrets(await rowsText("optimizations"), "template");
      expectNoSecrets(await rowsText("optimizations"), "settings");
      expectNoSecrets(await rowsText("optimizations"), "result");
      expect(
        await client.query("SELECT params FROM optimization_trials WHERE params IS NOT NULL"),
      ).toEqual([]);
      expectNoSecrets(await rowsText("optimization_trials"), "trial-0");
      expectNoSecrets(await rowsText("optimization_trials"), "trial-1");

      // Another store with the same key (a restarted process) resumes with every trial.
      const restarted = new SqlStore(client, boxOf("k1", { k1 }));
      const resumed = await restarted.openOptimization(request);
      expect(resumed.optimization).toMatchObject({
        id: opened.optimization.id,
        template: request.template,
        settings: request.settings,
        state: "completed",
        result,
      });
      expect(resumed.trials).toEqual([trials[2], trials[0], trials[1]]);
      expect(await restarted.listTrials(opened.optimization.id, "main")).toEqual([
        trials[0],
        trials[1],
      ]);
      // An id spelled in capitals names the same row, and its envelopes still open.
      await restarted.finishOptimization(opened.optimization.id.toUpperCase(), "completed", result);
      expect((await restarted.requestOptimization(opened.optimization.id))!.result).toEqual(result);
    });

    it("optimizations and trials: an envelope copied to another row or column does not open", async () => {
      const store = new SqlStore(client, boxOf("k1", { k1 }));
      const a = await store.openOptimization({ key: "a", template: templateOf("a"), settings: {} });
      const b = await store.openOptimization({ key: "b", template: templateOf("b"), settings: {} });
      await client.query(
        `UPDATE optimizations SET template_sealed = (SELECT template_sealed FROM optimizations WHERE id = $1::uuid)
         WHERE id = $2::uuid`,
        [a.optimization.id, b.optimization.id],
      );
      await expect(store.requestOptimization(b.optimization.id)).rejects.toMatchObject({
        code: "secret_unauthentic",
        message: expect.stringMatching(
          new RegExp(`^optimization ${b.optimization.id}: .*failed authentication`),
        ),
      });
      await client.query(
        "UPDATE optimizations SET settings_sealed = template_sealed WHERE id = $1::uuid",
        [a.optimization.id],
      );
      await expect(store.requestOptimization(a.optimization.id)).rejects.toMatchObject({
        code: "secret_unauthentic",
      });

      const c = await store.openOptimization({ key: "c", template: templateOf("c"), settings: {} });
      await store.saveTrial(c.optimization.id, trialOf(0));
      await store.saveTrial(c.optimization.id, trialOf(1));
      await client.query(
        `UPDATE optimization_trials SET params_sealed =
           (SELECT params_sealed FROM optimization_trials WHERE number = 0)
         WHERE number = 1`,
      );
      await expect(store.listTrials(c.optimization.id)).rejects.toMatchObject({
        code: "secret_unauthentic",
        message: expect.stringMatching(
          new RegExp(`^trial 1 \\(main\\) of optimization ${c.optimization.id}: `),
        ),
      });
    });

    it("validation reports: no parameters in plaintext, round trips, a copied envelope does not open", async () => {
      const store = new SqlStore(client, boxOf("k1", { k1 }));
      await store.saveStrategy({ id: strategyId, name: "s", spec: specOf("strategy", "1d") });
      const report = (marker: string) => ({
        rules: [
          { id: "robustness-neighbour-worst", message: `fast=193731 confidential-${marker}` },
        ],
      });
      const first = await store.saveValidationReport({
        strategyId,
        verdict: "warn",
        report: report("v1"),
      });
      const second = await store.saveValidationReport({
        strategyId,
        verdict: "pass",
        report: report("v2"),
      });
      expect([first.version, second.version]).toEqual([1, 2]);
      expect(first.report).toEqual(report("v1"));
      expect(await store.latestValidationReport(strategyId)).toMatchObject({
        version: 2,
        verdict: "pass",
        report: report("v2"),
      });
      expect(
        await client.query("SELECT report FROM validation_reports WHERE report IS NOT NULL"),
      ).toEqual([]);
      expectNoSecrets(await rowsText("validation_reports"), "v1");
      expectNoSecrets(await rowsText("validation_reports"), "v2");

      await client.query(
        `UPDATE validation_reports SET report_sealed =
           (SELECT report_sealed FROM validation_reports WHERE version = 1)
         WHERE version = 2`,
      );
      await expect(store.latestValidationReport(strategyId)).rejects.toMatchObject({
        code: "secret_unauthentic",
        message: expect.stringMatching(
          new RegExp(`^validation report 2 of strategy ${strategyId}: `),
        ),
      });
    });

    it("reads legacy plaintext rows, and reseal seals them in batches, idempotently, and rotates", async () => {
      // Rows as a store without a keyring (and every version before 0018) writes them.
      const legacy = new SqlStore(client);
      await legacy.saveScan(scanOf("1d"), [findingOf("one"), findingOf("three")]);
      await legacy.saveScan(scanOf("1h"), [findingOf("hourly", "1h")]);
      const { optimization } = await legacy.openOptimization({
        key: "legacy",
        template: templateOf("template"),
        settings: { note: "confidential-settings" },
      });
      for (const number of [0, 1, 2]) await legacy.saveTrial(optimization.id, trialOf(number));
      await legacy.finishOptimization(optimization.id, "completed", { note: "confidential-x" });
      for (const id of [strategyId, otherStrategyId]) {
        await legacy.saveStrategy({ id, name: id, spec: specOf("strategy", "1d") });
        await legacy.saveValidationReport({ strategyId: id, verdict: "pass", report: { id } });
      }
      expect(
        (await client.query("SELECT parameters FROM findings WHERE parameters IS NOT NULL")).length,
      ).toBe(3);

      const box = boxOf("k1", { k1 });
      const store = new SqlStore(client, box);
      const findings = await store.listFindings({ limit: 10 });
      expect(findings.map((finding) => finding.strategySpec.description).sort()).toEqual([
        "confidential-hourly",
        "confidential-one",
        "confidential-three",
      ]);
      expect((await store.listTrials(optimization.id)).map((trial) => trial.params)).toEqual(
        [0, 1, 2].map((number) => trialOf(number).params),
      );
      // An unfinished optimization (no result in either form) is left as it is.
      const running = await store.openOptimization({
        key: "running",
        template: templateOf("running"),
        settings: {},
      });

      const sealed = await resealSealedTables(client, box, { batchSize: 2 });
      const summary = (reports: typeof sealed) =>
        Object.fromEntries(
          reports.map((report) => [
            report.table,
            { sealed: report.sealed, resealed: report.resealed, remaining: report.remaining },
          ]),
        );
      expect(summary(sealed)).toEqual({
        strategies: { sealed: 2, resealed: {}, remaining: { byKeyId: { k1: 2 }, plaintext: 0 } },
        findings: { sealed: 6, resealed: {}, remaining: { byKeyId: { k1: 6 }, plaintext: 0 } },
        optimizations: {
          sealed: 3,
          resealed: {},
          remaining: { byKeyId: { k1: 5 }, plaintext: 0 },
        },
        optimization_trials: {
          sealed: 3,
          resealed: {},
          remaining: { byKeyId: { k1: 3 }, plaintext: 0 },
        },
        validation_reports: {
          sealed: 2,
          resealed: {},
          remaining: { byKeyId: { k1: 2 }, plaintext: 0 },
        },
        strategy_explanations: {
          sealed: 0,
          resealed: {},
          remaining: { byKeyId: {}, plaintext: 0 },
        },
        generated_programs: {
          sealed: 0,
          resealed: {},
          remaining: { byKeyId: {}, plaintext: 0 },
        },
      });
      for (const table of ["findings", "optimizations", "optimization_trials"]) {
        const text = await rowsText(table);
        for (const marker of ["one", "three", "hourly", "template", "settings", "x"])
          expectNoSecrets(text, marker);
        expectNoSecrets(text, "trial-1");
      }
      expect(
        await client.query("SELECT report FROM validation_reports WHERE report IS NOT NULL"),
      ).toEqual([]);

      // What was read before reads the same after; the timeframe filter still sees them.
      expect(await store.listFindings({ limit: 10 })).toEqual(findings);
      expect((await store.requestOptimization(running.optimization.id))!.result).toBeNull();
      expect((await store.latestValidationReport(otherStrategyId))!.report).toEqual({
        id: otherStrategyId,
      });
      expect((await store.saveScan(scanOf("1h"), [])).decayed).toBe(1);

      // A second run changes nothing.
      const envelopes = async () =>
        client.query(
          `SELECT key, strategy_spec_sealed, parameters_sealed FROM findings ORDER BY id`,
        );
      const before = await envelopes();
      expect(
        (await resealSealedTables(client, box)).every(
          (report) => report.sealed === 0 && Object.keys(report.resealed).length === 0,
        ),
      ).toBe(true);
      expect(await envelopes()).toEqual(before);

      // Rotation: k2 first, reseal, then k1 is no longer needed.
      const beforeRotation = await store.listFindings({ limit: 10, includeDecayed: true });
      const rotating = boxOf("k2", { k2, k1 });
      const rotated = await resealSealedTables(client, rotating, { batchSize: 1 });
      expect(Object.fromEntries(rotated.map((report) => [report.table, report.resealed]))).toEqual({
        strategies: { k1: 2 },
        findings: { k1: 6 },
        optimizations: { k1: 5 },
        optimization_trials: { k1: 3 },
        validation_reports: { k1: 2 },
        strategy_explanations: {},
        generated_programs: {},
      });
      const after = new SqlStore(client, boxOf("k2", { k2 }));
      expect(await after.listFindings({ limit: 10, includeDecayed: true })).toEqual(beforeRotation);
      expect((await after.listTrials(optimization.id)).map((trial) => trial.params)).toEqual(
        [0, 1, 2].map((number) => trialOf(number).params),
      );
      expect((await after.requestOptimization(optimization.id))!.settings).toEqual({
        note: "confidential-settings",
      });
      expect((await after.latestValidationReport(strategyId))!.report).toEqual({
        id: strategyId,
      });
    });

    it("keeps exactly one form of each value, and no plaintext where an envelope goes", async () => {
      const store = new SqlStore(client);
      const { optimization } = await store.openOptimization({
        key: "k",
        template: {},
        settings: {},
      });
      await expect(
        client.query(
          "UPDATE optimizations SET template_sealed = 'v1.k1.a.b.c' WHERE id = $1::uuid",
          [optimization.id],
        ),
      ).rejects.toThrow(/optimizations_template_one_form/);
      await expect(
        client.query(
          "UPDATE optimizations SET template = NULL, template_sealed = $2 WHERE id = $1::uuid",
          [optimization.id, JSON.stringify({ fast: 1 })],
        ),
      ).rejects.toThrow(/optimizations_template_sealed_envelope/);
      await expect(
        client.query(
          "UPDATE optimizations SET result = '{}', result_sealed = 'v1.k1.a.b.c' WHERE id = $1::uuid",
          [optimization.id],
        ),
      ).rejects.toThrow(/optimizations_result_one_form/);
      await expect(
        client.query(
          `INSERT INTO optimization_trials (optimization_id, stage, number, state)
           VALUES ($1::uuid, 'main', 0, 'complete')`,
          [optimization.id],
        ),
      ).rejects.toThrow(/optimization_trials_params_one_form/);
    });
  });
}

sealedParameters("PGlite", createTestClient);

const available = await useServer("the sealed strategy parameters on PostgreSQL need the server");
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});
describe.skipIf(!available)("PostgreSQL server", () => {
  sealedParameters("the machine's PostgreSQL server", async () => {
    const scratch = await createScratchDatabase({ migrated: true });
    drops.push(scratch.drop);
    const client = await PostgresClient.open(scratch.url);
    await migrate(client);
    return client;
  });
});

const migrationsDirectory = fileURLToPath(new URL("../../../migrations/", import.meta.url));

/**
 * A database migrated up to 0017, with rows as versions before 0018 wrote them, then migrated
 * on: the timeframe column must come from the specs, and everything must read and reseal.
 */
function upgrade(name: string, openEmpty: () => Promise<SqlClient>) {
  it(`0018 keeps the rows stored before it readable, filterable by timeframe and sealable on ${name}`, async () => {
    const before = await mkdtemp(join(tmpdir(), "alphadesk-migrations-"));
    const client = await openEmpty();
    try {
      for (const file of await readdir(migrationsDirectory))
        if (/^00(0\d|1[0-7])_.*\.sql$/.test(file))
          await copyFile(join(migrationsDirectory, file), join(before, file));
      expect((await migrate(client, before)).at(-1)).toBe("0017_agent_checkpoints.sql");

      const [{ id: scanId } = { id: "" }] = await client.query<{ id: string }>(
        `INSERT INTO scans (options, symbols, candidates_tested, findings, started_at)
         VALUES ('{}', 1, 2, 2, now()) RETURNING id::text AS id`,
      );
      for (const finding of [findingOf("old-daily"), findingOf("old-hourly", "1h")]) {
        await client.query(
          `INSERT INTO findings (key, pattern, symbols, direction, parameters, effect_size, statistic,
             p_value, q_value, in_sample, out_of_sample, explanation, strategy_spec, spec_fidelity,
             first_seen_at, last_confirmed_at, last_scan_id)
           VALUES ($1, 'momentum', '{SPY}', 'long', $2, 0.1, 3, 0.01, 0.02, '{}', '{}', 'old', $3,
             'exact', now(), now(), $4::uuid)`,
          [
            finding.key,
            JSON.stringify(finding.parameters),
            JSON.stringify(finding.strategySpec),
            scanId,
          ],
        );
      }
      const [{ id: optimizationId } = { id: "" }] = await client.query<{ id: string }>(
        `INSERT INTO optimizations (key, template, settings, state, result)
         VALUES ('old', $1, '{"seed": 193731}', 'completed', '{"fast": 193731}')
         RETURNING id::text AS id`,
        [JSON.stringify(templateOf("old-template"))],
      );
      await client.query(
        `INSERT INTO optimization_trials (optimization_id, stage, number, params, state, value)
         VALUES ($1::uuid, 'walk-forward:2', 0, '{"fast": 193731}', 'complete', 1)`,
        [optimizationId],
      );
      await client.query("INSERT INTO strategies (id, name, spec) VALUES ($1, 'old', '{}')", [
        strategyId,
      ]);
      await client.query(
        `INSERT INTO validation_reports (strategy_id, version, verdict, report)
         VALUES ($1, 1, 'pass', '{"neighbour": "fast=193731"}')`,
        [strategyId],
      );

      // 0018 runs first on this database from before it (later migrations follow it).
      expect((await migrate(client))[0]).toBe("0018_sealed_parameters.sql");
      expect(await client.query("SELECT key, timeframe FROM findings ORDER BY timeframe")).toEqual([
        { key: findingOf("old-daily").key, timeframe: "1d" },
        { key: findingOf("old-hourly", "1h").key, timeframe: "1h" },
      ]);

      const box = boxOf("k1", { k1 });
      const store = new SqlStore(client, box);
      await resealSealedTables(client, box);
      for (const table of [
        "findings",
        "optimizations",
        "optimization_trials",
        "validation_reports",
      ])
        expect(await rowsOf(client, table)).not.toMatch(/193731|confidential/);
      expect((await store.requestOptimization(optimizationId))!.template).toEqual(
        templateOf("old-template"),
      );
      expect((await store.listTrials(optimizationId))[0]!.params).toEqual({ fast: 193_731 });
      expect((await store.latestValidationReport(strategyId))!.report).toEqual({
        neighbour: "fast=193731",
      });
      // An hourly scan that finds nothing decays the old hourly finding, not the daily one.
      expect((await store.saveScan(scanOf("1h"), [])).decayed).toBe(1);
      const listed = await store.listFindings({ limit: 10, includeDecayed: true });
      expect(
        Object.fromEntries(
          listed.map((finding) => [finding.strategySpec.timeframe, finding.decayedMs !== null]),
        ),
      ).toEqual({ "1d": false, "1h": true });
    } finally {
      await client.close();
      await rm(before, { recursive: true, force: true });
    }
  });
}

async function rowsOf(client: SqlClient, table: string): Promise<string> {
  const rows = await client.query<{ text: string }>(`SELECT t::text AS text FROM ${table} t`);
  return rows.map((row) => row.text).join("\n");
}

describe("migration 0018", () => {
  upgrade("PGlite", () => PgliteClient.open());
  describe.skipIf(!available)("PostgreSQL server", () => {
    upgrade("the machine's PostgreSQL server", async () => {
      const scratch = await createScratchDatabase();
      drops.push(scratch.drop);
      return PostgresClient.open(scratch.url);
    });
  });
});
