import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { findViolations, importsOf, type SourceFile } from "./dependency-rule.ts";

const root = join(import.meta.dirname, "../..");

async function sourceFiles(directory: string): Promise<SourceFile[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const files = entries.filter(
    (entry) =>
      entry.isFile() &&
      entry.name.endsWith(".ts") &&
      !join(entry.parentPath, entry.name).includes("node_modules"),
  );
  return Promise.all(
    files.map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      return {
        path: relative(root, path).replaceAll("\\", "/"),
        source: await readFile(path, "utf8"),
      };
    }),
  );
}

describe("the dependency rule of ARCHITECTURE.md", () => {
  it("holds for every source file in the repository", async () => {
    const files = (
      await Promise.all(
        ["engine", "tools", "research", "agent", "mcp-server", "bots", "bin"].map((room) =>
          sourceFiles(join(root, room)),
        ),
      )
    ).flat();
    expect(files.length).toBeGreaterThan(10);
    expect(findViolations(files)).toEqual([]);
  });

  it("catches an engine file that reads a file, the clock or the environment", () => {
    const violations = findViolations([
      {
        path: "engine/bad.ts",
        source: 'import { readFileSync } from "node:fs";\nexport const now = Date.now();',
      },
      {
        path: "engine/worse.ts",
        source: 'import { tools } from "../tools/index.ts";\nconst home = process.env.HOME;',
      },
    ]);
    expect(violations.map((violation) => violation.rule)).toEqual([
      "engine/ imports no packages or node modules",
      "engine/ touches no clock, environment or unseeded randomness",
      "engine/ may not import tools/",
      "engine/ touches no clock, environment or unseeded randomness",
    ]);
  });

  it("catches a tool that imports an adapter, and anything importing bin/", () => {
    const violations = findViolations([
      {
        path: "tools/backtest/x.ts",
        source: 'import { openStore } from "../adapters/open-store.ts";',
      },
      { path: "agent/graph.ts", source: 'import { readConfig } from "../bin/config.ts";' },
      {
        path: "tools/adapters/pglite/store.test.ts",
        source: 'import { x } from "../sql/store.ts";',
      },
    ]);
    expect(violations.map((violation) => `${violation.path}: ${violation.rule}`)).toEqual([
      "tools/backtest/x.ts: only bin/ (and tests) construct adapters; depend on tools/ports",
      "agent/graph.ts: agent/ may not import bin/",
    ]);
  });

  it("lets research's tools join the registry, and no other tools/ file import research/", () => {
    const violations = findViolations([
      {
        path: "tools/index.ts",
        source: 'import { searchResearch } from "../research/tools/search-research.ts";',
      },
      {
        path: "tools/backtest/x.ts",
        source: 'import { LocalEmbedder } from "../../research/embed/local-embedder.ts";',
      },
    ]);
    expect(violations.map((violation) => `${violation.path}: ${violation.rule}`)).toEqual([
      "tools/backtest/x.ts: tools/ may not import research/",
    ]);
  });

  it("keeps the chart renderer adapter out of mcp-server/ and tools/charts/", () => {
    const violations = findViolations([
      {
        path: "mcp-server/chart-images.ts",
        source: 'import { VegaChartRenderer } from "../tools/adapters/charts/vega-renderer.ts";',
      },
      {
        path: "tools/charts/charts-for-result.ts",
        source: 'import { VegaChartRenderer } from "../adapters/charts/vega-renderer.ts";',
      },
      {
        path: "bin/commands/mcp.ts",
        source: 'import { VegaChartRenderer } from "../../tools/adapters/charts/vega-renderer.ts";',
      },
    ]);
    expect(violations.map((violation) => violation.path)).toEqual([
      "mcp-server/chart-images.ts",
      "tools/charts/charts-for-result.ts",
    ]);
  });

  it("lets code outside engine/ read the package manifest, and nothing else outside the rooms", () => {
    const violations = findViolations([
      {
        path: "bin/alphadesk.ts",
        source: 'import p from "../package.json" with { type: "json" };',
      },
      {
        path: "engine/version.ts",
        source: 'import p from "../package.json" with { type: "json" };',
      },
      { path: "bin/x.ts", source: 'import c from "../tsconfig.json" with { type: "json" };' },
    ]);
    expect(violations.map((violation) => `${violation.path}: ${violation.rule}`)).toEqual([
      "engine/version.ts: imports must stay inside the repository's rooms",
      "bin/x.ts: imports must stay inside the repository's rooms",
    ]);
  });

  it("reads static, re-exported, side-effect and dynamic imports", () => {
    const source =
      'import a from "./a.ts";\nexport { b } from "./b.ts";\nimport "./c.ts";\nconst d = await import("./d.ts");\nimport type { E } from "./e.ts";';
    expect(importsOf(source).sort()).toEqual(["./a.ts", "./b.ts", "./c.ts", "./d.ts", "./e.ts"]);
  });
});
