import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { Brain } from "../agent/brain.ts";
import { buildAgent, type Agent } from "../agent/graph.ts";
import { OfflineBrain } from "../agent/offline-brain.ts";
import { OpenAIBrain } from "../agent/openai-brain.ts";
import { phrasingContext, phrasings, refusals } from "../agent/planner/phrasings.ts";
import { planTurn } from "../agent/planner/plan.ts";
import { runTurn, type TurnResult } from "../agent/run-turn.ts";
import {
  answer,
  callTool,
  FakeOpenAI,
  type OpenAIChatRequest,
} from "../test/fakes/openai-server.ts";
import { openDatabase } from "../tools/adapters/open-store.ts";
import { SqlCheckpointSaver } from "../tools/adapters/sql/checkpoint-saver.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import { backtestStrategy } from "../tools/backtest/backtest-strategy.ts";
import type { ToolContext } from "../tools/define-tool.ts";
import { generateDemoMarket } from "../tools/demo/generate-demo-market.ts";
import { tools } from "../tools/index.ts";
import { runTool } from "../tools/run-tool.ts";

// `npm run bench:agent`: the agent issue's two measures.
//  1. Message -> reply for "backtest a 20/50 moving average crossover on SPY since 2020" on the
//     embedded defaults (PGlite in a temporary data directory, a demo market, threads in the
//     database through SqlCheckpointSaver, as bin/agent.ts wires them), through the offline
//     planner and through OpenAIBrain against the fake OpenAI-compatible server (scripted to call
//     backtest_strategy with the same input, then answer from its result). The peer, measured in
//     the same run: the same backtest_strategy call made directly with runTool. Each turn is a
//     new thread (a first message), so no thread grows from sample to sample. Contenders are
//     interleaved, their order rotating from round to round; p50 and p95.
//  2. The offline planner's routing share: planTurn over every row of the phrasing table, the
//     share whose calls equal the row's expected calls exactly (deep strict equality), and the
//     share of not-understood cases it refuses (with the words the reply must contain).
const rounds = Number(process.env.AGENT_ROUNDS ?? 40);
const warmUpRounds = 3;
const message = "backtest a 20/50 moving average crossover on SPY since 2020";
const symbols = ["SPY", "QQQ", "IWM", "TLT", "GLD"];
const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
const ms = (value: number) => `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ms`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

/** Intervals of one turn spent in brain steps, in the tool, and in the checkpointer's SQL. */
type SpanKind = "brain" | "tool" | "sql read" | "sql write";
let spans: { kind: SpanKind; start: number; end: number }[] = [];
/** The checkpointer's statements in the current turn: how many, the bytes written and read. */
const checkpointSql = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0 };

/** Milliseconds covered by at least one of the spans (they overlap: see below). */
function covered(kinds: readonly SpanKind[]): number {
  const chosen = spans
    .filter((span) => kinds.includes(span.kind))
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let end = -Infinity;
  for (const span of chosen) {
    if (span.end <= end) continue;
    total += span.end - Math.max(span.start, end);
    end = span.end;
  }
  return total;
}

/** A brain whose every step is timed (the planner, or the HTTP round trip to the model). */
class TimedBrain implements Brain {
  constructor(private readonly inner: Brain) {}
  get name() {
    return this.inner.name;
  }
  async next(...args: Parameters<Brain["next"]>) {
    const start = performance.now();
    try {
      return await this.inner.next(...args);
    } finally {
      spans.push({ kind: "brain", start, end: performance.now() });
    }
  }
}

const sizeOf = (values: readonly unknown[] = []) =>
  values.reduce<number>(
    (total, param) =>
      total +
      (param instanceof Uint8Array
        ? param.byteLength
        : typeof param === "string"
          ? Buffer.byteLength(param)
          : 0),
    0,
  );

/** The store's client as the checkpointer sees it, every statement timed. */
function timedClient(inner: SqlClient): SqlClient {
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      const start = performance.now();
      const rows = await inner.query<Row>(text, params);
      const read = /^\s*select\b/i.test(text);
      spans.push({ kind: read ? "sql read" : "sql write", start, end: performance.now() });
      if (read) {
        checkpointSql.reads++;
        checkpointSql.bytesRead += sizeOf(rows.flatMap((row) => Object.values(row as object)));
      } else {
        checkpointSql.writes++;
        checkpointSql.bytesWritten += sizeOf(params);
      }
      return rows;
    },
    exec: (sql) => inner.exec(sql),
    transaction: (work) => inner.transaction((tx) => work(timedClient(tx))),
    close: () => inner.close(),
  };
}

/** Per contender and turn: the whole turn, and the wall time covered by each kind of work. */
interface Samples {
  total: number[];
  brain: number[];
  tool: number[];
  sql: number[];
  sqlRead: number[];
  none: number[];
  reads: number[];
  writes: number[];
  bytesRead: number[];
  bytesWritten: number[];
}
const samples = (): Samples => ({
  total: [],
  brain: [],
  tool: [],
  sql: [],
  sqlRead: [],
  none: [],
  reads: [],
  writes: [],
  bytesRead: [],
  bytesWritten: [],
});

// ---- 1. message -> reply -----------------------------------------------------------------

const started = performance.now();
const home = await mkdtemp(join(tmpdir(), "alphadesk-bench-agent-"));
const database = await openDatabase({ home });
const context: ToolContext = {
  store: database.store,
  clock: { nowMs: () => Date.now() },
  log: silentLog,
  progress: () => undefined,
  signal: new AbortController().signal,
  actor: "cli",
};
await runTool(generateDemoMarket, { symbols, years: 5 }, context);

// The planner's call for the message is the input every contender sends.
const planned = planTurn(message, { nowMs: Date.now() });
if (
  !planned.understood ||
  planned.calls.length !== 1 ||
  planned.calls[0]!.name !== "backtest_strategy"
)
  throw new Error(`the planner should plan one backtest_strategy call: ${JSON.stringify(planned)}`);
const backtestInput = planned.calls[0]!.input;

function agentOver(brain: Brain): Agent {
  return buildAgent({
    brain,
    tools,
    checkpointer: new SqlCheckpointSaver(timedClient(database.client)),
    approvals: database.store,
    // The graph asks for a context just before a tool runs and calls done() just after.
    contextFor: (_tool, actor) => {
      const start = performance.now();
      const done = () => spans.push({ kind: "tool", start, end: performance.now() });
      return { ...context, actor, done };
    },
  });
}

const model = await new FakeOpenAI().start();
const offlineBrain = new TimedBrain(new OfflineBrain());
const modelBrain = new TimedBrain(
  new OpenAIBrain({ baseURL: model.baseURL, apiKey: model.apiKey, model: "gpt-bench" }),
);
const offlineAgent = agentOver(offlineBrain);
const modelAgent = agentOver(modelBrain);

/** The model's answer: the backtest's numbers copied from the tool result it was shown. */
function answerFromResult(request: OpenAIChatRequest) {
  const last = request.messages.at(-1);
  if (last?.role !== "tool") throw new Error("the model should be answering a tool result");
  // The model is shown the first 12,000 characters of the full result (trades and equity
  // included), so the JSON arrives cut: read the metrics object, which comes early.
  const metrics = /"metrics":(\{[^{}]*\})/.exec(last.content)?.[1];
  if (!metrics) throw new Error(`no metrics in the result shown to the model`);
  const { totalReturn, sharpe, maxDrawdown, trades } = JSON.parse(metrics) as {
    totalReturn: number;
    sharpe: number | null;
    maxDrawdown: number;
    trades: number;
  };
  return answer(
    `The SMA 20/50 crossover on SPY since 2020 returned ${(100 * totalReturn).toFixed(1)}% ` +
      `(Sharpe ${sharpe?.toFixed(2) ?? "n/a"}, max drawdown ${(100 * maxDrawdown).toFixed(1)}%) over ${trades} trades.`,
  );
}

let threads = 0;
let directMetrics: unknown;
let resultChars = 0;
const checkTurn = (turn: TurnResult) => {
  const [call] = turn.toolCalls;
  if (turn.toolCalls.length !== 1 || call?.name !== "backtest_strategy" || !call.ok)
    throw new Error(`the turn should make one backtest call: ${JSON.stringify(turn.toolCalls)}`);
  if (!isDeepStrictEqual(call.input, backtestInput))
    throw new Error(`the turn sent another input: ${JSON.stringify(call.input)}`);
  if (!isDeepStrictEqual((call.output as { metrics: unknown }).metrics, directMetrics))
    throw new Error("the agent's backtest and the direct one disagree");
  if (turn.reply.length < 20) throw new Error(`no reply: ${JSON.stringify(turn.reply)}`);
};

/** One turn on a new thread, with the wall time its brain steps, tool and checkpoint SQL covered. */
async function timedTurn(agent: Agent, into: Samples | undefined) {
  spans = [];
  Object.assign(checkpointSql, { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0 });
  const start = performance.now();
  const turn = await runTurn(agent, `bench-${++threads}`, message, "U1");
  const total = performance.now() - start;
  checkTurn(turn);
  if (into) {
    into.total.push(total);
    into.brain.push(covered(["brain"]));
    into.tool.push(covered(["tool"]));
    into.sql.push(covered(["sql read", "sql write"]));
    into.sqlRead.push(covered(["sql read"]));
    into.none.push(total - covered(["brain", "tool", "sql read", "sql write"]));
    into.reads.push(checkpointSql.reads);
    into.writes.push(checkpointSql.writes);
    into.bytesRead.push(checkpointSql.bytesRead);
    into.bytesWritten.push(checkpointSql.bytesWritten);
  }
  return turn;
}

const measured = { offline: samples(), model: samples(), direct: samples() };
let offlineReply = "";
let modelReply = "";
const contenders: Record<string, (record: boolean) => Promise<void>> = {
  "offline planner": async (record) => {
    offlineReply = (await timedTurn(offlineAgent, record ? measured.offline : undefined)).reply;
  },
  "fake model": async (record) => {
    model.play(() => callTool("backtest_strategy", backtestInput), answerFromResult);
    modelReply = (await timedTurn(modelAgent, record ? measured.model : undefined)).reply;
  },
  "direct runTool": async (record) => {
    const begin = performance.now();
    const output = (await runTool(backtestStrategy, backtestInput, context)) as {
      metrics: unknown;
    };
    const elapsed = performance.now() - begin;
    directMetrics ??= output.metrics;
    resultChars ||= JSON.stringify(output).length;
    if (!isDeepStrictEqual(output.metrics, directMetrics))
      throw new Error("two direct backtests disagree");
    if (record) {
      measured.direct.total.push(elapsed);
      measured.direct.tool.push(elapsed);
    }
  },
};

// One backtest to warm the caches (the store's pages, the engine's JIT), then warm-up rounds.
await contenders["direct runTool"]!(false);
const names = Object.keys(contenders);
for (let round = 0; round < warmUpRounds + rounds; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + round) % names.length]!;
    (globalThis as { gc?: () => void }).gc?.();
    await contenders[name]!(round >= warmUpRounds);
  }
}
if (model.problems.length > 0 || model.remainingSteps !== 0)
  throw new Error(`the fake model's script went wrong: ${model.problems.join("; ")}`);

await model.stop();
await database.client.close();
await rm(home, { recursive: true, force: true });

const direct50 = percentile(measured.direct.total, 0.5);
const direct95 = percentile(measured.direct.total, 0.95);
console.log(
  `\n1. Message -> reply, "${message}" (PGlite in a data directory, demo market of ${symbols.length} symbols x 5 years of daily bars, threads through SqlCheckpointSaver; ${rounds} turns each, interleaved, each on a new thread)`,
);
console.log(
  `   ${"direct runTool(backtest_strategy) (peer)".padEnd(44)} p50 ${ms(direct50).padStart(9)}  p95 ${ms(direct95).padStart(9)}`,
);
for (const [label, runs] of [
  ["agent, offline planner", measured.offline],
  ["agent, OpenAIBrain against the fake server", measured.model],
] as const) {
  const p50 = percentile(runs.total, 0.5);
  const p95 = percentile(runs.total, 0.95);
  console.log(
    `   ${label.padEnd(44)} p50 ${ms(p50).padStart(9)}  p95 ${ms(p95).padStart(9)}  | agent / direct ${(p50 / direct50).toFixed(2)}x at p50, ${(p95 / direct95).toFixed(2)}x at p95 (+${ms(p50 - direct50)} at p50)`,
  );
  const p = (values: number[]) => percentile(values, 0.5);
  const mb = (values: number[]) => `${(p(values) / 1e6).toFixed(2)} MB`;
  console.log(
    `   ${"".padEnd(44)} where it goes (p50 wall time covered): brain steps ${ms(p(runs.brain))}, the tool ${ms(p(runs.tool))}, checkpoint SQL ${ms(p(runs.sql))} (reads ${ms(p(runs.sqlRead))}: ${p(runs.reads)} SELECTs, ${mb(runs.bytesRead)}; writes: ${p(runs.writes)} statements, ${mb(runs.bytesWritten)}), none of these (graph, serializing) ${ms(p(runs.none))}`,
  );
}
console.log(
  `   (checkpoints are written in the background while the next step runs, so the SQL overlaps the brain and the tool; the tool's result is ${(resultChars / 1000).toFixed(0)}k characters of JSON, kept whole in the thread (the model is sent its brief form); runTurn reads the thread back once after the turn)`,
);
console.log(`   offline reply: ${JSON.stringify(offlineReply.split("\n")[0])}`);
console.log(`   model reply:   ${JSON.stringify(modelReply)}`);
console.log("   (the issue sets no latency target: measured only)");

// ---- 2. routing share --------------------------------------------------------------------

const contextOf = (row: { context?: object }) => ({ ...phrasingContext, ...row.context });
const misrouted: string[] = [];
let routed = 0;
for (const row of phrasings) {
  const turn = planTurn(row.message, contextOf(row));
  if (turn.understood && isDeepStrictEqual(turn.calls, row.calls)) routed++;
  else misrouted.push(row.message);
}
const wronglyAccepted: string[] = [];
const missingWords: string[] = [];
let refused = 0;
let refusedWithWords = 0;
for (const row of refusals) {
  const turn = planTurn(row.message, contextOf(row));
  if (turn.understood) {
    wronglyAccepted.push(row.message);
    continue;
  }
  refused++;
  const reply = turn.reply.toLowerCase();
  if (row.mentions.every((words) => reply.includes(words.toLowerCase()))) refusedWithWords++;
  else missingWords.push(row.message.slice(0, 60));
}
const planStarted = performance.now();
const planPasses = 20;
for (let pass = 0; pass < planPasses; pass++)
  for (const row of [...phrasings, ...refusals]) planTurn(row.message, contextOf(row));
const perPlan =
  (performance.now() - planStarted) / (planPasses * (phrasings.length + refusals.length));

console.log(
  `\n2. Offline planner routing over agent/planner/phrasings.ts (${phrasings.length} phrasings, ${refusals.length} not-understood cases)`,
);
console.log(
  `   routed exactly (calls deep-equal to the expected calls): ${routed} of ${phrasings.length} (${pct(routed, phrasings.length)})`,
);
for (const row of misrouted) console.log(`     misrouted: ${row}`);
console.log(
  `   refused correctly: ${refused} of ${refusals.length} (${pct(refused, refusals.length)}); with every word the reply must contain: ${refusedWithWords} of ${refusals.length}`,
);
for (const row of wronglyAccepted) console.log(`     planned calls for: ${row}`);
for (const row of missingWords) console.log(`     reply lacks a required word: ${row}`);
console.log(`   planTurn: ${(1000 * perPlan).toFixed(0)} us a message on average over the table`);
console.log(
  `   ${routed === phrasings.length ? "MET   " : "MISSED"} every phrasing routed exactly (plan.test.ts holds the planner to it)`,
);
console.log(
  `   ${refused === refusals.length ? "MET   " : "MISSED"} every not-understood case refused, never turned into a call`,
);
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s, Node ${process.version})`);
