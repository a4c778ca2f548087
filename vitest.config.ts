import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".alphadesk/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The JSON report is what .ci/run reads to print CI's "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest.json" },
  },
});
