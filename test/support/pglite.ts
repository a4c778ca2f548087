import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PgliteClient, pgliteExtensions } from "../../tools/adapters/pglite/client.ts";
import { migrate } from "../../tools/adapters/sql/migrate.ts";
import { SqlStore } from "../../tools/adapters/sql/store.ts";
import type { Store } from "../../tools/ports/store.ts";
import { templateDirectoryVariable } from "./global-setup.ts";
import { migrationSetKey } from "./migration-key.ts";

const templates = new Map<string, Promise<Blob>>();

/**
 * A fresh PGlite initdb costs seconds: a database just initialized (`initdb`) and one migrated
 * (`migrated-...`) are built once per test run (once per process outside vitest) and cloned.
 */
function template(name: string, build: (client: PgliteClient) => Promise<void>): Promise<Blob> {
  let blob = templates.get(name);
  if (!blob) {
    blob = sharedTemplate(name, async () => {
      const client = await PgliteClient.open();
      await build(client);
      // A checkpoint first, so a clone starts up with next to no WAL to redo.
      await client.exec("CHECKPOINT");
      const dump = await client.database.dumpDataDir("none");
      await client.close();
      return dump;
    });
    templates.set(name, blob);
  }
  return blob;
}

async function migratedTemplate(): Promise<Blob> {
  // Named by the migrations it holds: a changed migration (in watch mode) builds a new one.
  return template(`migrated-${await migrationSetKey()}`, async (client) => {
    await migrate(client);
  });
}

/**
 * Vitest runs each test file in a process of its own: without a file they share, every file
 * would pay for its own initdb and migrations (seconds each). A template file of the run (in the
 * directory test/support/global-setup.ts makes) is built by whichever process needs it first.
 * Writers rename a finished file into place, so a reader sees a whole template or none; two
 * processes that both found none both build one, and the last rename wins.
 */
async function sharedTemplate(name: string, build: () => Promise<Blob>): Promise<Blob> {
  const directory = process.env[templateDirectoryVariable];
  if (!directory) return build();
  const path = join(directory, `${name}.tar`);
  try {
    return new Blob([await readFile(path)]);
  } catch {
    // Not built yet.
  }
  const dump = await build();
  const partial = `${path}.${process.pid}.partial`;
  try {
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, path);
  } catch {
    // Not shared (the directory is gone): still this process's template.
  }
  return dump;
}

async function clone(template: Promise<Blob>): Promise<PGlite> {
  const database = new PGlite({ loadDataDir: await template, extensions: pgliteExtensions });
  await database.waitReady;
  return database;
}

/**
 * A PGlite client of its own on a database just initialized, as `PgliteClient.open()` makes one,
 * with no migration applied: for tests of migrating itself.
 */
export async function createEmptyTestClient(): Promise<PgliteClient> {
  return new PgliteClient(await clone(template("initdb", async () => {})));
}

/**
 * Cloning the template still costs about half a second (untar, start, recovery), once per test.
 * A database a test has closed is therefore reset and lent again: every table truncated, the
 * rows the migrations seeded put back, sequences and triggers as they were. It is lent only
 * when it then reads exactly as a fresh clone does: the same schema, triggers, functions,
 * sequences, settings and session state, and the same contents in every table. Otherwise (a test
 * created a table, changed a setting, left a cursor...) it is closed and a fresh clone is made.
 * Only under vitest (test/support/global-setup.ts ran), whose worker processes are ended by the
 * run (one worker runs many files): a database kept open for reuse would keep a script such as a
 * benchmark from exiting.
 */
interface Baseline {
  /** Everything a test could observe, hashed: see `stateQuery`. */
  state: string;
  /** One statement returning `state`. */
  stateQuery: string;
  /** Statements that bring a used database back to the template's contents. */
  reset: { text: string; params: unknown[] }[];
}

/** Read from the first clone; undefined until then, null when it could not be read (no reuse). */
let baseline: Baseline | null | undefined;
const idle: PGlite[] = [];

const userRelations = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

/** The schema, code, session and settings a test could change, one line each. */
const catalogLines = `
  SELECT format('relation %s.%s %s %s %s', n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userRelations}
  UNION ALL
  SELECT format('column %s.%s %s %s %s %s %s', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
    a.attnotnull, a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid))
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped AND ${userRelations}
  UNION ALL
  SELECT format('trigger %s %s %s %s', tgrelid::regclass, tgname, tgenabled, pg_get_triggerdef(oid))
  FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL
  SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
  FROM pg_constraint WHERE connamespace <> 'pg_catalog'::regnamespace
  UNION ALL
  SELECT format('index %s', pg_get_indexdef(i.indexrelid))
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${userRelations}
  UNION ALL
  SELECT format('view %s %s', c.oid::regclass, pg_get_viewdef(c.oid))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND ${userRelations}
  UNION ALL
  SELECT format('function %s %s %s', p.oid::regprocedure, md5(p.prosrc), p.proconfig)
  FROM pg_proc p WHERE p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL
  SELECT format('type %s %s', t.oid::regtype, t.typtype) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE ${userRelations}
  UNION ALL
  SELECT format('enum %s %s %s', enumtypid::regtype, enumsortorder, enumlabel) FROM pg_enum
  UNION ALL
  SELECT format('policy %s %s %s', polrelid::regclass, polname, pg_get_expr(polqual, polrelid)) FROM pg_policy
  UNION ALL
  SELECT format('event trigger %s %s', evtname, evtenabled) FROM pg_event_trigger
  UNION ALL
  SELECT format('schema %s', nspname) FROM pg_namespace
  UNION ALL
  SELECT format('extension %s %s', extname, extversion) FROM pg_extension
  UNION ALL
  SELECT format('role %s %s %s', rolname, rolsuper, rolconfig) FROM pg_roles
  UNION ALL
  SELECT format('database %s', datname) FROM pg_database
  UNION ALL
  SELECT format('role setting %s %s %s', setdatabase, setrole, setconfig) FROM pg_db_role_setting
  UNION ALL
  SELECT format('setting %s=%s', name, setting) FROM pg_settings
  UNION ALL
  SELECT format('sequence %s.%s %s', schemaname, sequencename, last_value) FROM pg_sequences
  UNION ALL
  SELECT format('prepared %s', name) FROM pg_prepared_statements
  UNION ALL
  SELECT format('cursor %s', name) FROM pg_cursors
  UNION ALL
  SELECT format('listening %s', channel) FROM pg_listening_channels() AS channel
  UNION ALL
  SELECT format('lock %s %s %s %s', locktype, mode, classid, objid) FROM pg_locks
  WHERE locktype NOT IN ('relation', 'virtualxid', 'transactionid')`;

/** Reads how `database` stands right after cloning (the template's state) and how to get back to it. */
async function readBaseline(database: PGlite): Promise<Baseline> {
  await loadPlpgsql(database);
  const tables = (
    await database.query<{ name: string }>(
      `SELECT c.oid::regclass::text AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND ${userRelations} ORDER BY 1`,
    )
  ).rows.map((row) => row.name);
  const contents = tables.map(
    (table) =>
      `SELECT format('rows %s %s', ${quoteLiteral(table)}, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))) FROM ${table} t`,
  );
  const stateQuery = `SELECT md5(string_agg(line, E'\\n' ORDER BY line)) AS state FROM (${catalogLines}${contents.map((query) => `\n  UNION ALL ${query}`).join("")}) AS lines(line)`;

  // Foreign keys are not checked while the template's own rows go back in, in any order.
  const reset: Baseline["reset"] = [
    { text: "SET LOCAL session_replication_role = replica", params: [] },
  ];
  const triggers = (
    await database.query<{ tableName: string; name: string; enabled: string }>(
      `SELECT tgrelid::regclass::text AS "tableName", quote_ident(tgname) AS name, tgenabled AS enabled
       FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
    )
  ).rows;
  for (const table of new Set(triggers.map((trigger) => trigger.tableName))) {
    reset.push({ text: `ALTER TABLE ${table} DISABLE TRIGGER USER`, params: [] });
  }
  if (tables.length > 0) {
    reset.push({ text: `TRUNCATE ${tables.join(", ")} RESTART IDENTITY CASCADE`, params: [] });
  }
  for (const table of tables) {
    const [{ rows } = { rows: null }] = (
      await database.query<{ rows: string | null }>(
        `SELECT json_agg(t)::text AS rows FROM ${table} t`,
      )
    ).rows;
    if (rows === null) continue;
    reset.push({
      text: `INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`,
      params: [rows],
    });
  }
  const sequences = (
    await database.query<{ name: string; last: string | null }>(
      `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text AS last FROM pg_sequences`,
    )
  ).rows;
  for (const sequence of sequences) {
    reset.push(
      sequence.last === null
        ? { text: `ALTER SEQUENCE ${sequence.name} RESTART`, params: [] }
        : {
            text: `SELECT setval($1::regclass, $2::bigint, true)`,
            params: [sequence.name, sequence.last],
          },
    );
  }
  const enable: Record<string, string> = {
    O: "ENABLE TRIGGER",
    A: "ENABLE ALWAYS TRIGGER",
    R: "ENABLE REPLICA TRIGGER",
    D: "DISABLE TRIGGER",
  };
  for (const trigger of triggers) {
    reset.push({
      text: `ALTER TABLE ${trigger.tableName} ${enable[trigger.enabled]} ${trigger.name}`,
      params: [],
    });
  }
  return { state: await stateOf(database, stateQuery), stateQuery, reset };
}

/**
 * PL/pgSQL's settings appear in pg_settings once its library is loaded (by the first trigger that
 * runs): loaded before every comparison, they are always part of it.
 */
async function loadPlpgsql(database: PGlite): Promise<void> {
  await database.exec("DO $$ BEGIN END $$");
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function stateOf(database: PGlite, stateQuery: string): Promise<string> {
  return (await database.query<{ state: string }>(stateQuery)).rows[0]!.state;
}

/** Brings a returned database back to the template's state; false when it cannot be shown to be. */
async function tryReset(database: PGlite, expected: Baseline): Promise<boolean> {
  try {
    if (database.closed) return false;
    await database.transaction(async (tx) => {
      for (const statement of expected.reset) await tx.query(statement.text, statement.params);
    });
    await loadPlpgsql(database);
    return (await stateOf(database, expected.stateQuery)) === expected.state;
  } catch {
    return false;
  }
}

async function databaseOfItsOwn(): Promise<PGlite> {
  for (let database = idle.pop(); database; database = idle.pop()) {
    if (baseline && (await tryReset(database, baseline))) return database;
    await database.close().catch(() => undefined);
  }
  const database = await clone(migratedTemplate());
  if (baseline === undefined) baseline = await readBaseline(database).catch(() => null);
  return database;
}

const refusedWhenReturned = new Set<PropertyKey>([
  "query",
  "sql",
  "exec",
  "transaction",
  "describeQuery",
  "execProtocol",
  "execProtocolRaw",
  "execProtocolRawStream",
  "runExclusive",
  "listen",
  "unlisten",
  "dumpDataDir",
  "refreshArrayTypes",
  "clone",
]);

/**
 * `database` for one test: close() gives it back to be reset for the next one, and from then on
 * this handle refuses queries as a closed PGlite does, so late work of one test (a background job
 * still running) cannot reach the next test's data.
 */
function lend(database: PGlite): PGlite {
  let returned = false;
  return new Proxy(database, {
    get(target, property) {
      if (property === "close") {
        return async () => {
          if (returned) return;
          returned = true;
          if (baseline && process.env[templateDirectoryVariable]) idle.push(target);
          else await target.close();
        };
      }
      if (property === "closed") return returned || target.closed;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (refusedWhenReturned.has(property)) {
        return (...args: unknown[]) =>
          returned
            ? Promise.reject(new Error("PGlite is closed"))
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/**
 * Gives the fresh directory `home` the embedded database a first run of `alphadesk` leaves there
 * (`${home}/pgdata`, migrated), copied from the template: a command-line test then skips the
 * seconds of migrating. The README's newcomer path (`npm start` on an empty home) stays unseeded.
 */
export async function seedHome(home: string): Promise<void> {
  const database = new PGlite({
    dataDir: join(home, "pgdata"),
    loadDataDir: await migratedTemplate(),
    extensions: pgliteExtensions,
  });
  await database.waitReady;
  await database.close();
}

/** An in-memory, migrated PGlite client of its own. */
export async function createTestClient(): Promise<PgliteClient> {
  return new PgliteClient(lend(await databaseOfItsOwn()));
}

/** An in-memory, migrated store of its own: tests never share data. */
export async function createTestStore(): Promise<Store> {
  return new SqlStore(await createTestClient());
}
