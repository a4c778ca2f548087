import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".alphadesk/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // A per-run directory where the migrated PGlite template is built once and shared by every
    // test process (test/support/pglite.ts).
    globalSetup: ["test/support/global-setup.ts"],
    // Vitest runs one worker on a 2-core machine by default; most files wait on PGlite, Redis
    // or child processes, so two halve the suite's time (CI: 725 s of tests in 419 s).
    maxWorkers: 2,
    // The JSON report is what .ci/run reads to print CI's "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest.json" },
  },
});
