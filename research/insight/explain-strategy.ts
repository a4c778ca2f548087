import { z } from "zod";
import { runBacktest } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { EntryExitDiagram } from "../../tools/charts/entry-exit-chart.ts";
import { defineTool, type ToolContext } from "../../tools/define-tool.ts";
import { explanationLevels } from "../../tools/ports/insight.ts";
import { isoTime } from "../../tools/time-input.ts";
import {
  draftExplanation,
  joinSections,
  renderTemplate,
  sectionKeys,
} from "./compose-explanation.ts";
import { entryExitDiagram } from "./entry-exit-diagram.ts";
import {
  explanationFacts,
  type BacktestEvidence,
  type ValidationEvidence,
} from "./explanation-facts.ts";
import { mechanismTexts } from "./mechanism-texts.ts";
import { classifyMechanisms, Mechanism } from "./mechanisms.ts";
import { modelTimeLimitMs, proseFromModel } from "./model-prose.ts";
import { splitByRegime } from "./regime-split.ts";
import { RuleWords } from "./rule-words.ts";
import { resolveStrategy, strategyInput } from "./strategy-reference.ts";
import {
  ColumnKey,
  initialCash,
  loadUniverseBarsIfStored,
  runBuyAndHold,
  symbolBars,
  type ColumnRun,
} from "./strategy-runs.ts";
import { barUnitOf, voiceOf } from "./voice.ts";

const ExplainInput = strategyInput({
  level: z
    .enum(explanationLevels)
    .default("beginner")
    .describe(
      "Reading level: beginner (everyday words, the key numbers), intermediate (trading terms, more numbers) or expert (notation, references, every number). Default beginner.",
    ),
  jargonFree: z
    .boolean()
    .default(false)
    .describe("Everyday words only, no trading terms, at any level (default false)."),
});

const FactSchema = z.object({
  name: z.string().describe("How the text cites it: {name}."),
  value: z.union([z.number(), z.string()]).nullable(),
  text: z.string().describe("How the text writes it."),
});

const ExplainOutput = z.object({
  strategyId: z.string(),
  name: z.string(),
  level: z.enum(explanationLevels),
  jargonFree: z.boolean(),
  source: z
    .enum(["templates", "model"])
    .describe("Who wrote the prose: the fixed templates, or the configured text model."),
  model: z.string().optional().describe("The model that wrote it."),
  note: z.string().optional().describe("Why the templates wrote it although a model is set up."),
  mechanisms: z
    .array(
      z.object({
        id: z.enum(Object.values(Mechanism) as [Mechanism, ...Mechanism[]]),
        name: z.string(),
        role: z.enum(["primary", "supporting"]),
        conditions: z.array(z.string()).describe("The rule conditions that show it."),
      }),
    )
    .describe("The market behaviours the rules bet on, the main one first."),
  sections: z.array(z.object({ key: z.enum(sectionKeys), title: z.string(), text: z.string() })),
  text: z.string().describe("The whole explanation: every section under its title."),
  facts: z.array(FactSchema).describe("Every number and rule the text may show, from the tools."),
  diagram: EntryExitDiagram.nullable().describe(
    "Entries and exits of the last trades on a price chart, with the rules; null without stored bars.",
  ),
  savedAt: z.string().describe("When the explanation was stored with the strategy."),
});

type Output = z.input<typeof ExplainOutput>;

export const explainStrategy = defineTool({
  name: "explain_strategy",
  summary:
    "A strategy in plain words: what it exploits, when it works and fails, its risks; three levels or jargon-free; a chart.",
  description:
    "Explains a strategy in plain language: what market inefficiency it exploits and why that exists, when it works and when it fails, and its risks, from its rules (classified into mechanisms such as trend following, mean reversion, momentum, breakout, volatility, seasonality) and its backtest and validation numbers. Three reading levels and a jargon-free mode; a diagram of its entries and exits on a price chart. Stored with the strategy.",
  input: ExplainInput,
  output: ExplainOutput,
  brief: {
    output: ExplainOutput.omit({ facts: true, diagram: true }),
    from: ({ facts: _facts, diagram: _diagram, ...rest }) => rest,
  },
  effect: "write",
  async run(input, context) {
    const { store } = context;
    const { id, spec } = await resolveStrategy(store, input);
    await store.saveStrategy({ id, name: spec.name, spec });
    const { level, jargonFree } = input;
    const voice = voiceOf(level, jargonFree);
    const words = new RuleWords(voice, barUnitOf(spec.timeframe));
    const reading = classifyMechanisms(spec);
    context.progress(0, "testing the strategy on its stored bars");
    const tested = await backtestEvidence(context, spec);
    const validation = await validationEvidence(context, id);
    const facts = explanationFacts(spec, words, tested?.evidence, validation);
    const draft = draftExplanation({ spec, reading, facts, level, jargonFree });
    let sections = draft.map((section) => ({
      ...section,
      text: renderTemplate(section.text, facts),
    }));
    let prose: Pick<Output, "source" | "model" | "note"> = { source: "templates" };
    if (context.textModel) {
      context.progress(0.5, `${context.textModel.name} is writing`);
      const written = await proseFromModel(context.textModel, draft, facts, {
        level,
        jargonFree,
        timeLimitMs: modelTimeLimitMs,
        signal: context.signal,
      });
      if (written.ok) {
        sections = written.sections;
        prose = { source: "model", model: context.textModel.name };
      } else {
        prose = {
          source: "templates",
          note: `${written.reason}, so the templates wrote this explanation.`,
        };
      }
    }
    const explanation = {
      ...prose,
      mechanisms: reading.mechanisms.map((found) => ({
        id: found.mechanism,
        name: mechanismTexts[found.mechanism][voice].name,
        role: found.role,
        conditions: found.conditions.map((rule) => words.rule(rule)),
      })),
      sections,
      text: joinSections(sections),
      facts,
    };
    const saved = await store.saveStrategyExplanation({
      strategyId: id,
      level,
      jargonFree,
      source: prose.source,
      explanation,
    });
    context.progress(1, "done");
    return {
      strategyId: id,
      name: spec.name,
      level,
      jargonFree,
      ...explanation,
      diagram: tested
        ? entryExitDiagram(
            spec,
            tested.bars[0]!,
            tested.evidence.strategy,
            words,
            voice,
            jargonFree,
          )
        : null,
      savedAt: isoTime(saved.savedAtMs),
    };
  },
});

/**
 * The strategy's backtest over all its stored bars, buy and hold of its universe, and their
 * regime split by SPY (when stored) or the universe's first symbol; undefined without bars.
 */
async function backtestEvidence(
  context: ToolContext,
  spec: StrategySpec,
): Promise<{ evidence: BacktestEvidence; bars: BarSeries[] } | undefined> {
  const bars = await loadUniverseBarsIfStored(context.store, spec);
  if (!bars) return undefined;
  const options = { initialCash, startMs: null, endMs: null };
  const strategy = runBacktest(spec, bars, options);
  if (strategy.simulation.timestampMs.length === 0) return undefined;
  const buyAndHold = runBuyAndHold(spec, bars, options);
  const reference = (await symbolBars(context.store, "SPY", spec, bars, null)) ?? bars[0]!;
  const columns: ColumnRun[] = [
    { key: ColumnKey.strategy, name: "Strategy", run: strategy },
    buyAndHold,
  ];
  return {
    evidence: {
      strategy,
      buyAndHold: buyAndHold.run,
      regimes: splitByRegime(columns, reference),
      reference: reference.symbol,
    },
    bars,
  };
}

/** The parts of a stored validation report that an explanation cites. */
const StoredReport = z.object({
  counts: z.object({ pass: z.number(), warn: z.number(), fail: z.number() }),
  rules: z.array(z.object({ title: z.string(), status: z.string() })),
});

/** The newest stored validation of the strategy; undefined when it has none. */
async function validationEvidence(
  context: ToolContext,
  id: string,
): Promise<ValidationEvidence | undefined> {
  const stored = await context.store.latestValidationReport(id);
  const report = StoredReport.safeParse(stored?.report);
  if (!stored || !report.success) return undefined;
  return {
    verdict: stored.verdict,
    version: stored.version,
    counts: report.data.counts,
    failedRules: report.data.rules
      .filter((rule) => rule.status === "fail")
      .map((rule) => rule.title),
  };
}
