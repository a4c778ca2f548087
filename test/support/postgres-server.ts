import pg from "pg";

/** The machine's PostgreSQL server, reached as in ENVIRONMENT.md (trust auth on 127.0.0.1:5432). */
export const serverUrl =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const servicesRequired = process.env.REQUIRE_SERVICES === "1";

export async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
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

/** Creates a uniquely named database for one test file; returns its URL and a function that drops it. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `alphadesk_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
