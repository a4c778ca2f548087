import { readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";

/** `alphadesk migrate`: opening the store applies pending migrations. */
export async function migrateCommand(): Promise<number> {
  const config = readConfig();
  const runtime = await openRuntime(config);
  await runtime.close();
  process.stdout.write(
    `Database is up to date (${config.DATABASE_URL ? "DATABASE_URL" : `PGlite in ${config.ALPHADESK_HOME}`}).\n`,
  );
  return 0;
}
