import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".alphadesk/**"],
    // Tests that run the command line start a process of 3 to 9 s each on a loaded 2-core
    // machine, up to four in one test (seen: 60 s exceeded at a load average of 6-8).
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    // A worker process runs file after file instead of one fresh process per file: a process
    // start and the import of the registry, LangChain and PGlite cost about a second per file,
    // and a reset PGlite database is lent on to the next file (test/support/pglite.ts). Files
    // therefore share modules: a test restores what it changes (fake timers, environment).
    // A lent PGlite keeps its own timers: faking the global setTimeout catches them (runAllTimers
    // then never ends), so a test fakes Date only ({ toFake: ["Date"] }) or passes a clock of its
    // own (@sinonjs/fake-timers' createClock) to the code under test.
    // Measured on 2 cores: 901 s isolated, 485 s shared, the same 3050 tests passing.
    isolate: false,
    // A per-run directory where the migrated PGlite template is built once and shared by every
    // test process (test/support/pglite.ts).
    globalSetup: ["test/support/global-setup.ts"],
    // Vitest runs one worker on a 2-core machine by default; most files wait on PGlite, Redis
    // or child processes, so two run the suite in about half the time of one.
    maxWorkers: 2,
    // The JSON report is what .ci/run reads to print CI's "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest.json" },
  },
});
