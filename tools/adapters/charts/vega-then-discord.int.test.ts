import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// In a process of its own: the test workers may have imported discord.js before any chart.
const script = `
const { VegaChartRenderer } = await import(${JSON.stringify(pathToFileURL(`${import.meta.dirname}/vega-renderer.ts`).href)});
await new VegaChartRenderer().renderPng({
  title: "t", yAxisLabel: "y",
  series: [{ name: "s", points: [{ timeMs: 0, value: 1 }, { timeMs: 86400000, value: 2 }] }],
});
const { Client } = await import("discord.js");
console.log(typeof Client, JSON.stringify(new Set([1, "a"])));
`;

describe("a chart drawn before discord.js is imported", () => {
  it("leaves discord.js importable, and vega-lite's set notation in place", async () => {
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        { timeout: 60_000 },
        (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
      ),
    );
    expect(output.trim()).toBe('function "Set(1,\\"a\\")"');
  });
});
