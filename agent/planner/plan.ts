import { findTool, tools } from "../../tools/index.ts";
import { parseToolInput } from "../../tools/run-tool.ts";
import {
  type Intent,
  type Message,
  type Outcome,
  type PlanContext,
  type PlannedCall,
} from "./intent.ts";
import {
  demoMarket,
  bars,
  correlations,
  currencyStrength,
  defineUniverse,
  fetchBars,
  importBars,
  indicators,
  listSymbols,
  listUniverses,
  marketCalendar,
  quotes,
  sectorRotation,
} from "./intents/market.ts";
import {
  backtest,
  codeHistory,
  bestFinding,
  compareSymbols,
  findings,
  generateCode,
  optimize,
  scan,
  seasonalityQuestion,
  validate,
  tradingViewAlerts,
  validationRules,
} from "./intents/strategies.ts";
import { seasonalityIntent } from "./intents/seasonality.ts";
import { pairIntent } from "./intents/pairs.ts";
import {
  amendOrder,
  approvals,
  auditLog,
  constructPortfolio,
  listPortfolios,
  deskStatus,
  humanDecision,
  killSwitch,
  listBacktests,
  listStrategies,
  orders,
  positions,
  orderQuestion,
  promote,
  promotionQuestion,
  proposeOrder,
  rebalancePortfolio,
  strategyStatus,
} from "./intents/trading.ts";
import { explainStrategy, explainTerm, performanceContext } from "./intents/insight.ts";
import { changeStrategy, periodFollowUp, undoChange } from "./intents/change.ts";
import { closePositions } from "./intents/close-positions.ts";
import { cancelOrders } from "./intents/cancel-orders.ts";
import { positionStops } from "./intents/position-stops.ts";
import { riskLimitChange, riskLimitQuestion } from "./intents/risk-limits.ts";
import {
  archivedStrategies,
  archiveStrategy,
  renameStrategy,
  stopStrategy,
} from "./intents/manage-strategy.ts";
import { validationReport } from "./intents/validation-report.ts";
import { deskSignals, strategySignals } from "./intents/signals.ts";
import { strategyOrders } from "./intents/strategy-orders.ts";
import { setupHelp } from "./intents/setup-help.ts";
import { stopTurn } from "./intents/stop-turn.ts";
import { whyDenied } from "./intents/why-denied.ts";
import { orderSized, positionSize, resize } from "./intents/position-size.ts";
import { compareBacktests } from "./intents/compare-backtests.ts";
import { exportBarsIntent } from "./intents/export-bars.ts";
import { accountPerformanceIntent } from "./intents/account-performance.ts";
import { cancelAlerts, checkAlerts, listAlerts, setAlert } from "./intents/price-alerts.ts";
import { marketSnapshotIntent, symbolLook } from "./intents/market-snapshot.ts";
import {
  lowerRisk,
  portfolioRisk,
  positionReplay,
  positionRiskIntent,
  positionShock,
} from "./intents/portfolio-risk.ts";
import { runCode } from "./intents/run-code.ts";
import { storedBacktest } from "./intents/stored-backtest.ts";
import { drawdownsIntent } from "./intents/drawdowns.ts";
import { storedOptimization } from "./intents/optimizations.ts";
import {
  addResearchSource,
  researchSources,
  ingestResearch,
  researchDigest,
  searchResearch,
} from "./intents/research.ts";
import { normalize } from "./text.ts";

export type { PlanContext, PlannedCall } from "./intent.ts";

export type PlannedTurn =
  | {
      understood: true;
      calls: PlannedCall[];
      /** one line saying what it will do */ summary: string;
      /** Once the calls ran, the backtests they made are compared side by side. */
      thenCompare?: boolean;
    }
  | {
      understood: false;
      /** says what was not understood and gives examples of what works */ reply: string;
      /** The context value whose absence stopped it ("what about RSI(2)?" needs `lastSpec`). */
      needs?: keyof PlanContext;
      /** Understood and answered in words, with no tool to call ("how do I run it?"). */
      answered?: true;
    };

/**
 * The intents, in the order they are tried: the first whose words match plans the message.
 * Narrow, unmistakable requests come first (the kill switch, the audit log), then strategy work
 * (whose messages also say "buy" and "sell"), then orders and the account, then market data.
 */
export const intents: readonly Intent[] = [
  orderQuestion,
  stopStrategy,
  killSwitch,
  stopTurn,
  cancelAlerts,
  checkAlerts,
  setAlert,
  listAlerts,
  whyDenied,
  orderSized,
  resize,
  positionSize,
  runCode,
  auditLog,
  cancelOrders,
  humanDecision,
  riskLimitChange,
  riskLimitQuestion,
  archivedStrategies,
  archiveStrategy,
  renameStrategy,
  validationReport,
  strategyOrders,
  deskSignals,
  strategySignals,
  setupHelp,
  positionStops,
  validationRules,
  addResearchSource,
  researchSources,
  ingestResearch,
  researchDigest,
  searchResearch,
  explainTerm,
  explainStrategy,
  performanceContext,
  promotionQuestion,
  promote,
  strategyStatus,
  listStrategies,
  listBacktests,
  bestFinding,
  compareBacktests,
  storedOptimization,
  lowerRisk,
  positionShock,
  positionReplay,
  positionRiskIntent,
  portfolioRisk,
  accountPerformanceIntent,
  drawdownsIntent,
  storedBacktest,
  deskStatus,
  rebalancePortfolio,
  constructPortfolio,
  listPortfolios,
  codeHistory,
  exportBarsIntent,
  tradingViewAlerts,
  generateCode,
  validate,
  optimize,
  seasonalityIntent,
  pairIntent,
  seasonalityQuestion,
  undoChange,
  changeStrategy,
  periodFollowUp,
  marketSnapshotIntent,
  backtest,
  closePositions,
  proposeOrder,
  approvals,
  amendOrder,
  orders,
  positions,
  scan,
  findings,
  listSymbols,
  importBars,
  fetchBars,
  demoMarket,
  defineUniverse,
  listUniverses,
  correlations,
  currencyStrength,
  sectorRotation,
  marketCalendar,
  compareSymbols,
  indicators,
  quotes,
  bars,
  symbolLook,
];

/** What the planner shows when it cannot place a message: one phrasing per kind of request. */
export const generalExamples: readonly string[] = [
  "backtest a 20/50 moving average crossover on SPY since 2020",
  "backtest QQQ: buy when RSI(14) < 30, sell above 70",
  "scan tech stocks for mean reversion",
  "what is the currency strength now",
  "is the market open",
  "buy 10 shares of AAPL",
  "make a demo market",
  '/tool get_bars {"symbol":"SPY"}',
];

/** Polite openings that carry no request: "please", "can you", "I'd like to". */
const politeOpening =
  /^(?:(?:hey|hi|hello|ok|okay|so|now|and|then|also|alright)[,!]?\s+)*(?:(?:please|pls|kindly|can you|could you|would you|will you|i want to|i wanna|i'd like to|i would like to|i need to|let's|lets|let me|go ahead and|help me|try to)\s+)*/;

function toMessage(raw: string, context: PlanContext, earlier: readonly PlannedCall[]): Message {
  const text = normalize(raw)
    .replace(politeOpening, "")
    .replace(/,?\s*please$/, "");
  return { raw: raw.trim(), text, context, earlier };
}

const quote = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;

function examplesReply(opening: string, first: readonly string[] = []): string {
  const examples = [...new Set([...first, ...generalExamples])].slice(0, 8);
  return [
    opening,
    "",
    "Things I understand without a language model, for example:",
    ...examples.map((example) => `- ${example}`),
    "",
    "Or call any tool directly: /tool <name> <json input> (`alphadesk tools` lists them).",
  ].join("\n");
}

/** `/tool <name> <json>`: that call, verbatim; the tool's own schema judges the input. */
function explicitCall(raw: string): PlannedTurn | undefined {
  const command = /^\/tool(?:\s+([\s\S]*))?$/i.exec(raw.trim());
  if (!command) return undefined;
  const body = (command[1] ?? "").trim();
  const named = /^([A-Za-z_][\w-]*)\s*([\s\S]*)$/.exec(body);
  if (!named)
    return {
      understood: false,
      reply: examplesReply(
        `"/tool" needs a tool name and its input as JSON, e.g. /tool get_bars {"symbol":"SPY"}. Tools: ${tools.map((tool) => tool.name).join(", ")}.`,
      ),
    };
  const name = named[1]!;
  if (!findTool(name))
    return {
      understood: false,
      reply: examplesReply(
        `There is no tool called "${name}". Tools: ${tools.map((tool) => tool.name).join(", ")}.`,
      ),
    };
  const json = named[2]!.trim();
  let input: unknown = {};
  if (json !== "") {
    try {
      input = JSON.parse(json);
    } catch (error) {
      return {
        understood: false,
        reply: examplesReply(
          `The input of /tool ${name} is not valid JSON (${(error as Error).message}); write it as an object, e.g. /tool ${name} {}.`,
        ),
      };
    }
  }
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return {
      understood: false,
      reply: examplesReply(
        `The input of /tool ${name} must be a JSON object, e.g. {"symbol":"SPY"}.`,
      ),
    };
  return {
    understood: true,
    calls: [{ name, input: input as Record<string, unknown> }],
    summary: `Run ${name} with the input given.`,
  };
}

/** Longer messages are pasted data, not requests; only a CSV import reads them. */
const longestMessage = 4000;

const saysNotTo = /^(?:don'?t|do not|not|never|no need to|let'?s not|shouldn'?t|we shouldn'?t)\b/;
/** "Buy 10 SPY, no wait", "close it... never mind": the request taken back at its end. */
const retraction =
  "(?:no,? wait|wait,? no|never ?mind|scratch that|forget (?:it|that)|actually,? no|just kidding|jk)";
const takenBack = new RegExp(`(?:^|[\\s,;.!-])${retraction}[.!]*$`);
/** "Never mind" alone asks for nothing. */
const onlyRetraction = new RegExp(`^\\W*${retraction}\\W*$`);

const helpRequest =
  /^(?:help|\?|what can you do|what do you do|what can i (?:ask|do|say)|how do i use (?:this|you)(?! (?:code|program|script|bot|file))|commands|examples|usage|what (?:tools|commands|capabilities) do you have|what are your (?:tools|commands|capabilities)|(?:list|show) (?:me )?(?:your|the) (?:tools|commands)|how (?:do|can|should) i (?:start|begin|get started)|where (?:do|should) i (?:start|begin)|getting started|what should i (?:do|try) first|how does (?:this|it|alphadesk) work)\b/;

/** A greeting or thanks alone, with nothing asked: a person being polite, not a request. */
const greeting =
  /^(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day))(?:,? (?:there|all|everyone|alphadesk))?$/;
const thanks =
  /^(?:thanks|thank you|thx|ty|cheers|many thanks)(?: (?:so much|a lot|very much|again|alphadesk))?$/;

/** Each call checked against its tool's own input schema; the first refusal, in words, or undefined. */
function schemaProblem(calls: readonly PlannedCall[]): string | undefined {
  for (const planned of calls) {
    const tool = findTool(planned.name);
    if (!tool) return `there is no tool ${planned.name}`;
    try {
      parseToolInput(tool, planned.input);
    } catch (error) {
      return (error as Error).message;
    }
  }
  return undefined;
}

function planPart(
  part: string,
  context: PlanContext,
  earlier: readonly PlannedCall[],
): { outcome: Outcome; intent: Intent } | undefined {
  const message = toMessage(part, context, earlier);
  const intent = intents.find((candidate) => candidate.matches(message));
  if (!intent) return undefined;
  return { outcome: intent.plan(message), intent };
}

/** "backtest ... then validate it": one message, several requests in order. */
function splitRequests(message: string): string[] {
  return message
    .split(
      /\s*(?:;|,?\s+(?:and\s+)?then\s+|\n+)\s*(?=(?:please\s+)?(?:validate|backtest|scan|optimi[sz]e|show|list|make|create|generate|fetch|download|import|get|compute|promote|verify|check|define|what|is|run|test|quote)\b)/i,
    )
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/**
 * Turns one chat message into the tool calls a model would make, without a model: a parser of
 * commands (`/tool <name> <json>`) and common phrasings. Pure: no I/O and no clock (relative
 * dates use `context.nowMs`). Every call it plans passes its tool's input schema.
 */
export function planTurn(message: string, context: PlanContext = {}): PlannedTurn {
  const explicit = explicitCall(message);
  if (explicit) return explicit;
  if (message.length > longestMessage && !/^\s*(?:please\s+)?import\b/i.test(message))
    return {
      understood: false,
      reply: examplesReply(
        `The message is ${message.length} characters long: I read requests of up to ${longestMessage} offline. To import CSV text, start the message with "import".`,
      ),
    };
  const whole = toMessage(message, context, []);
  if (whole.text === "" || helpRequest.test(whole.text))
    return {
      understood: false,
      reply: examplesReply(
        whole.text === ""
          ? "Say what you would like to do."
          : "I work offline (no language model is configured): I understand commands and common phrasings for every tool.",
      ),
    };
  // Tested before the polite opening ("hi, ...") is cut off, which would leave "there".
  if (greeting.test(normalize(message)))
    return {
      understood: false,
      reply: examplesReply(
        "Hello. I am Alphadesk: I backtest, scan, optimize and validate trading strategies on stored market data, and propose orders that a person approves.",
      ),
    };
  if (thanks.test(normalize(message))) return { understood: false, reply: "You're welcome." };
  if (takenBack.test(whole.text))
    return {
      understood: false,
      reply: onlyRetraction.test(whole.text)
        ? "OK: nothing done."
        : examplesReply(`${quote(message.trim())} takes itself back, so I do nothing.`),
    };
  // "don't promote it", "never sell SPY": a request not to do something is no request to act on.
  if (saysNotTo.test(whole.text))
    return {
      understood: false,
      reply: examplesReply(
        `${quote(message.trim())} says what not to do, so I do nothing. Say what to do instead.`,
      ),
    };
  // A CSV pasted under "import" keeps its lines together.
  const parts = /^\s*(?:please\s+)?import\b/i.test(message) ? [message] : splitRequests(message);
  const calls: PlannedCall[] = [];
  const summaries: string[] = [];
  let thenCompare = false;
  for (const part of parts) {
    const result = planPart(part, context, calls);
    const where = parts.length > 1 ? ` (in ${quote(part)})` : "";
    if (!result)
      return {
        understood: false,
        reply: examplesReply(
          `I could not place ${quote(part)}: it names nothing I can do offline (no language model is configured).`,
        ),
      };
    const { outcome, intent } = result;
    if (outcome.kind === "answered")
      return { understood: false, reply: outcome.text, answered: true };
    if (outcome.kind === "refused")
      return { understood: false, reply: examplesReply(`${outcome.why}${where}`, intent.examples) };
    if (outcome.kind === "missing")
      return {
        understood: false,
        reply: examplesReply(
          `I read ${quote(part)} as ${intent.title}, but I could not find ${outcome.what}.`,
          intent.examples,
        ),
        ...(outcome.needs ? { needs: outcome.needs } : {}),
      };
    const problem = schemaProblem(outcome.calls);
    if (problem)
      return {
        understood: false,
        reply: examplesReply(
          `I read ${quote(part)} as ${intent.title}, but the input I would send is refused: ${problem}.`,
          intent.examples,
        ),
      };
    calls.push(...outcome.calls);
    summaries.push(outcome.summary);
    thenCompare ||= outcome.thenCompare === true;
  }
  return {
    understood: true,
    calls,
    summary: summaries.join(" Then: "),
    ...(thenCompare ? { thenCompare } : {}),
  };
}
