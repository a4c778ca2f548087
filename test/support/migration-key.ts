import { createHash } from "node:crypto";
import { readMigrations } from "../../tools/adapters/sql/migrate.ts";

/** Names the set of migrations a template database holds: a changed migration makes a new one. */
export async function migrationSetKey(): Promise<string> {
  const migrations = await readMigrations();
  return createHash("sha256")
    .update(migrations.map((migration) => `${migration.name}:${migration.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
}
