import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AlphadeskError } from "../../errors.ts";
import type { SqlClient } from "./client.ts";

const defaultMigrationsDirectory = fileURLToPath(new URL("../../../migrations/", import.meta.url));

/** Any constant shared by every Alphadesk process: serializes concurrent migrators on one server. */
const migrationLockKey = 7_311_958_204;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(directory = defaultMigrationsDirectory): Promise<Migration[]> {
  const files = (await readdir(directory))
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(join(directory, file), "utf8");
      return {
        version: Number(file.slice(0, 4)),
        name: file,
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    }),
  );
}

/**
 * Applies pending migrations in order, each in its own transaction under an advisory lock, so
 * two processes migrating at once apply each file exactly once. A file whose checksum changed
 * after it was applied is refused: migrations are forward-only.
 */
export async function migrate(
  client: SqlClient,
  directory = defaultMigrationsDirectory,
): Promise<string[]> {
  const migrations = await readMigrations(directory);
  const applied: string[] = [];
  await client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [migrationLockKey]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  for (const migration of migrations) {
    await client.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [migrationLockKey]);
      const [existing] = await tx.query<{ checksum: string }>(
        "SELECT checksum FROM schema_migrations WHERE version = $1",
        [migration.version],
      );
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new AlphadeskError(
            "migration_changed",
            `migration ${migration.name} was changed after it was applied (checksum ${existing.checksum.slice(0, 12)} in the database, ${migration.checksum.slice(0, 12)} on disk); migrations are forward-only: restore the file and add a new one`,
            "fatal",
          );
        }
        return;
      }
      await tx.exec(migration.sql);
      await tx.query(
        "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
        [migration.version, migration.name, migration.checksum],
      );
      applied.push(migration.name);
    });
  }
  return applied;
}
