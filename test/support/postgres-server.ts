import pg from "pg";
import { PostgresClient } from "../../tools/adapters/postgres/client.ts";
import { migrate } from "../../tools/adapters/sql/migrate.ts";
import { migrationSetKey } from "./migration-key.ts";

/** The machine's PostgreSQL server, reached as in ENVIRONMENT.md (trust auth on 127.0.0.1:5432). */
export const serverUrl =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const servicesRequired = process.env.REQUIRE_SERVICES === "1";

/**
 * How long a probe waits for a service: briefly where a missing one means skipping, long where it
 * means failing (a busy machine can take seconds to accept a connection).
 */
export const probeTimeoutMs = servicesRequired ? 15_000 : 2_000;

export async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: serverUrl,
    connectionTimeoutMillis: probeTimeoutMs,
  });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether server tests run: they skip (saying why) when the server is down, unless
 * REQUIRE_SERVICES=1, which turns the absence into a failure.
 */
export async function useServer(what: string): Promise<boolean> {
  if (await serverReachable()) return true;
  const message = `PostgreSQL is not reachable at ${new URL(serverUrl).host}: ${what}`;
  if (servicesRequired) throw new Error(`${message} (REQUIRE_SERVICES=1 forbids skipping)`);
  console.warn(`skipping: ${message}`);
  return false;
}

/**
 * Creates a uniquely named database; returns its URL and a function that drops it. With
 * `migrated`, it is a copy of a database every migration was applied to (built once per set of
 * migrations and kept on the server as a template): cloning takes a tenth of a second where
 * migrating takes three to four.
 */
export async function createScratchDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `alphadesk_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const template = options.migrated ? await migratedTemplateName() : undefined;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(name),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let migratedTemplate: Promise<string> | undefined;

/**
 * The migrated template's name, building it if this server lacks it. Test processes run at the
 * same time: an advisory lock lets one build while the others wait, and the template is built
 * under another name and renamed, so no process clones a half-migrated one.
 */
function migratedTemplateName(): Promise<string> {
  migratedTemplate ??= (async () => {
    const name = `alphadesk_template_${await migrationSetKey()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [
        name,
      ]);
      if (!rowCount) {
        const building = `${name}_building`;
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building}`);
        const client = await PostgresClient.open(databaseUrl(building));
        try {
          await migrate(client);
        } finally {
          await client.close();
        }
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
      return name;
    } finally {
      await admin.end();
    }
  })();
  migratedTemplate.catch(() => (migratedTemplate = undefined));
  return migratedTemplate;
}
