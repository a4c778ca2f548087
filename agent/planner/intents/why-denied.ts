import { denialHelp } from "../../../tools/replies/denial-help.ts";
import type { Intent } from "../intent.ts";

const asksWhy =
  /\bwhy\b|\bwhat (?:went wrong|happened|does (?:that|it|this) mean)\b|\bhow (?:do|can) i (?:get|make) it (?:pass|through)\b/;

/**
 * "Why was it denied?", "why not?", "what went wrong?" right after the risk gate denied an
 * order: the reason the gate gave, as it gave it, and what a person can do about it.
 */
export const whyDenied: Intent = {
  title: "why the risk gate denied an order",
  tools: [],
  examples: ["why was it denied?"],
  matches: ({ text, context }) => context.deniedLast !== undefined && asksWhy.test(text),
  plan: ({ context }) => {
    const { code, message } = context.deniedLast!;
    const next = denialHelp(code);
    return {
      kind: "answered",
      text: `Every order passes the risk gate's checks before anyone may approve it, and this one failed the ${code} check: ${message.replace(`${code}: `, "")}.${next ? `\n${next}` : ""}`,
    };
  },
};
