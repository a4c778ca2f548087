import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where this test run keeps its migrated PGlite templates (test/support/pglite.ts). */
export const templateDirectoryVariable = "ALPHADESK_TEST_PGLITE_TEMPLATES";

const prefix = "alphadesk-test-templates-";

/**
 * Vitest's global setup: a directory, for this run only, where the first test process that needs
 * a migrated PGlite template leaves it for the others. Worker processes inherit the variable.
 * Directories of runs that were killed before their teardown are removed.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await removeAbandoned();
  const directory = await mkdtemp(join(tmpdir(), `${prefix}${process.pid}-`));
  process.env[templateDirectoryVariable] = directory;
  return () => rm(directory, { recursive: true, force: true });
}

async function removeAbandoned(): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && running(pid)) continue;
    await rm(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
