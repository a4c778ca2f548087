import lockfile from "proper-lockfile";
import { AlphadeskError } from "../../errors.ts";

/**
 * PGlite keeps the whole database in one process's memory and writes its directory back on
 * close: two processes on one directory would silently lose each other's writes. One process
 * at a time holds this lock; others wait for it (a command usually takes seconds), and a lock
 * left by a crashed process goes stale and is taken over. Stale means 30 s without a refresh:
 * PGlite's start blocks the event loop (WebAssembly compile), for many seconds on a busy
 * machine, and a shorter limit let a waiting process take a live holder's lock.
 */
export async function lockDataDirectory(
  directory: string,
  waitMs = 120_000,
): Promise<() => Promise<void>> {
  const intervalMs = 250;
  try {
    return await lockfile.lock(directory, {
      stale: 30_000,
      update: 5_000,
      retries: {
        retries: Math.max(0, Math.ceil(waitMs / intervalMs)),
        factor: 1,
        minTimeout: intervalMs,
        maxTimeout: intervalMs,
      },
      // A lost lock (the machine slept past the stale time) must not go unnoticed.
      onCompromised: (error) => {
        throw new AlphadeskError(
          "database_lock_lost",
          `lost the lock on ${directory}: ${error.message}`,
          "fatal",
        );
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") {
      throw new AlphadeskError(
        "database_busy",
        `the embedded database in ${directory} is in use by another alphadesk process (waited ${Math.round(waitMs / 1000)} s); wait for it to finish, or set DATABASE_URL to a PostgreSQL server for concurrent use`,
        "retryable",
      );
    }
    throw error;
  }
}
