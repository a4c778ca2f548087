import { z } from "zod";
import type { ExplanationLevel } from "../../tools/ports/insight.ts";
import type { TextModel } from "../../tools/ports/text-model.ts";
import { withTimeout } from "../../tools/orders/with-timeout.ts";
import { citedFacts, renderTemplate, sectionKeys, type Section } from "./compose-explanation.ts";
import type { Fact } from "./explanation-facts.ts";
import { jargonIn, jargonTerms } from "./jargon.ts";

/** How long a model may take to write an explanation before the templates write it instead. */
export const modelTimeLimitMs = 30_000;
/** Room for seven short paragraphs. */
const answerTokens = 2000;

export type ModelProse = { ok: true; sections: Section[] } | { ok: false; reason: string };

const ModelAnswer = z.object(
  Object.fromEntries(sectionKeys.map((key) => [key, z.string().trim().min(1).max(4000)])),
);

/**
 * The model's rewrite of the template draft, rendered; or why it cannot be used. The model
 * sees the facts and the draft with `{fact}` placeholders and must cite every number through
 * them: an answer with a digit of its own, an unknown placeholder or (in jargon-free mode) a
 * trading term is refused, so every number shown still comes from the facts.
 */
export async function proseFromModel(
  model: TextModel,
  draft: readonly Section[],
  facts: readonly Fact[],
  options: {
    level: ExplanationLevel;
    jargonFree: boolean;
    timeLimitMs: number;
    signal: AbortSignal;
  },
): Promise<ModelProse> {
  const limit = AbortSignal.timeout(options.timeLimitMs);
  let answer: string;
  try {
    answer = await withTimeout(
      model.writeText(
        {
          instructions: instructions(options),
          prompt: prompt(draft, facts, options),
          maxTokens: answerTokens,
        },
        AbortSignal.any([options.signal, limit]),
      ),
      options.timeLimitMs,
    );
  } catch (error) {
    if (options.signal.aborted) throw error;
    const seconds = options.timeLimitMs / 1000;
    return {
      ok: false,
      reason: limit.aborted
        ? `${model.name} did not answer within ${seconds} s`
        : `${model.name} failed: ${(error as Error).message}`,
    };
  }
  return checkAnswer(answer, draft, facts, options.jargonFree, model.name);
}

function instructions(options: { level: ExplanationLevel; jargonFree: boolean }): string {
  return [
    "You write explanations of trading strategies for Alphadesk.",
    `Rewrite each section of the draft as clear, friendly prose for a reader at the ${options.level} level${options.jargonFree ? ", in everyday words with no trading jargon" : ""}.`,
    "Use only the facts and the draft: add no claims, advice or numbers of your own, and keep what each section says about when the strategy works, when it fails and its risks.",
    "Never write a digit. Write every number, date, rule and name by copying its placeholder exactly, braces included (for example {backtest.totalReturn}); placeholders are replaced by their values afterwards.",
    ...(options.jargonFree ? [`Never use these terms: ${jargonTerms.join(", ")}.`] : []),
    `Answer with one JSON object and nothing else; its keys are exactly ${sectionKeys.join(", ")}, each a string.`,
  ].join(" ");
}

function prompt(
  draft: readonly Section[],
  facts: readonly Fact[],
  options: { level: ExplanationLevel; jargonFree: boolean },
): string {
  return JSON.stringify(
    {
      level: options.level,
      jargonFree: options.jargonFree,
      facts: Object.fromEntries(facts.map((fact) => [fact.name, fact.text])),
      draft: Object.fromEntries(draft.map((section) => [section.key, section.text])),
    },
    null,
    2,
  );
}

function checkAnswer(
  answer: string,
  draft: readonly Section[],
  facts: readonly Fact[],
  jargonFree: boolean,
  name: string,
): ModelProse {
  const parsed = ModelAnswer.safeParse(parseJsonObject(answer));
  if (!parsed.success)
    return {
      ok: false,
      reason: `${name} did not answer with the JSON object of sections asked for`,
    };
  const known = new Set(facts.map((fact) => fact.name));
  const sections: Section[] = [];
  for (const { key, title } of draft) {
    const text = parsed.data[key]!;
    const unknown = citedFacts(text).filter((cited) => !known.has(cited));
    if (unknown.length > 0)
      return {
        ok: false,
        reason: `${name} cited facts that do not exist ({${unknown.join("}, {")}})`,
      };
    const own = /[^\s{}]*\d[^\s{}]*/.exec(text.replace(/\{[A-Za-z.]+\}/g, ""));
    if (own)
      return {
        ok: false,
        reason: `${name} wrote a number that is not one of the facts ("${own[0]}")`,
      };
    const rendered = renderTemplate(text, facts);
    const jargon = jargonFree ? jargonIn(rendered) : [];
    if (jargon.length > 0)
      return {
        ok: false,
        reason: `${name} used trading terms in a jargon-free explanation (${[...new Set(jargon)].join(", ")})`,
      };
    sections.push({ key, title, text: rendered });
  }
  return { ok: true, sections };
}

/** The JSON object in an answer, fenced in Markdown or not; undefined when there is none. */
function parseJsonObject(answer: string): unknown {
  const start = answer.indexOf("{");
  const end = answer.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(answer.slice(start, end + 1)) as unknown;
  } catch {
    return undefined;
  }
}
