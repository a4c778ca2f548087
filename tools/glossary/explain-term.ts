import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { notFound } from "../errors.ts";
import { glossary, lookUpTerm } from "./terms.ts";

export const explainTerm = defineTool({
  name: "explain_term",
  summary:
    "What a term in the replies means (Sharpe, drawdown, profit factor, PBO, slippage...) and how Alphadesk computes it.",
  description:
    "A trading or statistics term as Alphadesk uses it: its meaning, how Alphadesk computes it (the engine's exact conventions: daily returns, √252, risk-free 0, the bar model...), how to read it, and related terms.",
  input: z
    .object({
      term: z
        .string()
        .trim()
        .min(1, "name a term, e.g. Sharpe ratio")
        .max(60)
        .describe('The term, e.g. "Sharpe ratio", "max drawdown", "PBO".'),
    })
    .strict(),
  output: z.object({
    term: z.string(),
    meaning: z.string(),
    computed: z.string().optional().describe("How Alphadesk computes it, where it is a number."),
    reading: z.string().optional(),
    seeAlso: z.array(z.string()),
  }),
  effect: "read",
  idempotent: true,
  run({ term }) {
    const entry = lookUpTerm(term);
    if (!entry)
      throw notFound(
        `no glossary entry for "${term}"; the terms are: ${glossary.map((known) => known.term).join(", ")}`,
      );
    const { aliases: _aliases, ...rest } = entry;
    return Promise.resolve({ ...rest, seeAlso: [...entry.seeAlso] });
  },
});
