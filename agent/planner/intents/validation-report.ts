import { call, missing, planned, strategyIdIn, type Intent } from "../intent.ts";
import { strategyLabel, strategyNamed } from "../strategy-names.ts";

/**
 * "Why did it fail?", "what failed?", "show the validation report": the newest stored report
 * again, not a new validation.
 */
const asksReport =
  /\bwhy did (?:it|the validation|the strategy|this|that) (?:fail|warn|not pass)\b|^what (?:failed|warned)\b|\bwhich (?:rules|checks|tests) (?:failed|warned)\b|\b(?:show|see|open|view|read|get)\b(?: me)?(?: the| its| my)?(?: last| latest)? validation(?: report| results?)?\b|\bvalidation (?:report|results?)\b|\bwhat did the validat(?:or|ion) say\b/;

export const validationReport: Intent = {
  title: "a stored validation report",
  tools: ["get_validation"],
  examples: ["why did it fail?", "show the validation report"],
  matches: ({ text }) => asksReport.test(text),
  plan(message) {
    const named = strategyNamed(
      /\b(?:of|for|on) (?:my|the|our|this|that) (.+?) strateg(?:y|ies)\b/.exec(message.text)?.[1],
      message.context,
    );
    if (named !== undefined && "kind" in named) return named;
    const strategyId = named?.id ?? strategyIdIn(message);
    if (!strategyId)
      return missing(
        'which strategy: none was run in this conversation; give its id ("list my strategies" shows them)',
      );
    return planned(
      [call("get_validation", { strategyId })],
      `Show the newest validation report of ${named ? strategyLabel(named) : `strategy ${strategyId.slice(0, 12)}…`}: what failed and why.`,
    );
  },
};
