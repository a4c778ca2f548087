import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { testContext } from "../test/support/tool-context.ts";
import { marketCalendar } from "../tools/calendar/market-calendar.ts";
import type { Store } from "../tools/ports/store.ts";
import { runTool } from "../tools/run-tool.ts";

// `npm run bench:mcp`: latency of a cheap tool call (market_calendar) through `alphadesk mcp`
// (stdio) and `alphadesk serve` (Streamable HTTP), against calling the tool in-process.
// Validation is included everywhere; contenders are interleaved so machine noise hits all alike.
const rounds = Number(process.env.ROUNDS ?? 300);
// `serve` allows 20 requests a second per token after a burst of 120; stay under it, as an agent would.
const roundGapMs = 55;
const targetP95Ms = 100;
const input = { market: "NYSE", at: "2024-07-03T15:00:00Z" };
const cli = join(import.meta.dirname, "../bin/alphadesk.js");
const token = "bench-token-0123456789abcdef";

const homes = await Promise.all([1, 2].map(() => mkdtemp(join(tmpdir(), "alphadesk-bench-mcp-"))));
const stdio = new Client({ name: "bench-stdio", version: "1" });
await stdio.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: [cli, "mcp"],
    env: { ALPHADESK_HOME: homes[0]! },
  }),
);
const serve = spawn(process.execPath, [cli, "serve"], {
  env: {
    ...process.env,
    ALPHADESK_HOME: homes[1]!,
    MCP_TOKEN: token,
    PORT: "0",
    HOST: "",
    DATABASE_URL: "",
  },
  stdio: ["ignore", "ignore", "pipe"],
});
const url = await new Promise<string>((resolve, reject) => {
  let stderr = "";
  serve.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    const match = /listening on (\S+)\/mcp/.exec(stderr);
    if (match) resolve(match[1]!);
  });
  serve.once("exit", () => reject(new Error(`alphadesk serve exited: ${stderr}`)));
});
const http = new Client({ name: "bench-http", version: "1" });
await http.connect(
  new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  }),
);

const context = testContext({} as Store);
const contenders: Record<string, () => Promise<unknown>> = {
  direct: () => runTool(marketCalendar, input, context),
  stdio: () => stdio.callTool({ name: "market_calendar", arguments: input }),
  http: () => http.callTool({ name: "market_calendar", arguments: input }),
};
const names = Object.keys(contenders);
const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (const name of names) for (let warm = 0; warm < 10; warm++) await contenders[name]!();
for (let round = 0; round < rounds; round++) {
  await new Promise((resolve) => setTimeout(resolve, roundGapMs));
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + round) % names.length]!;
    const started = performance.now();
    await contenders[name]!();
    samples[name]!.push(performance.now() - started);
  }
}

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
};
const direct = { p50: percentile(samples.direct!, 0.5), p95: percentile(samples.direct!, 0.95) };
console.log(`market_calendar ${JSON.stringify(input)}, ${rounds} interleaved rounds`);
for (const name of names) {
  const p50 = percentile(samples[name]!, 0.5);
  const p95 = percentile(samples[name]!, 0.95);
  const ratio =
    name === "direct"
      ? ""
      : `  (${(p50 / direct.p50).toFixed(0)}x / ${(p95 / direct.p95).toFixed(0)}x direct; +${(p50 - direct.p50).toFixed(2)} ms at p50)`;
  const target =
    name === "direct" ? "" : `  p95 < ${targetP95Ms} ms: ${p95 < targetP95Ms ? "MET" : "MISSED"}`;
  console.log(
    `${name.padEnd(7)} p50 ${p50.toFixed(3).padStart(8)} ms  p95 ${p95.toFixed(3).padStart(8)} ms${ratio}${target}`,
  );
}

await stdio.close();
await http.close();
const exited = new Promise((resolve) => serve.once("exit", resolve));
serve.kill("SIGTERM");
await exited;
await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
