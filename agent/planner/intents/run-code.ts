import { describeRunSteps } from "../../../tools/replies/code.ts";
import type { Intent } from "../intent.ts";

const asksHowToRun =
  /^how (?:do|can|should|would) (?:i|we|you) (?:run|use|start|deploy|execute|launch|install|test|check|set up|setup)\b|^how to (?:run|use|deploy|set up|setup)\b|^(?:what do i do|what now|now what) with (?:it|this|that|the (?:code|program|script|file))\b/;

/**
 * "How do I run it?" right after a program was generated: numbered steps for its target (what
 * to install, the replay that checks it against the backtest, how it trades), no tool needed.
 */
export const runCode: Intent = {
  title: "how to run a generated program",
  tools: [],
  examples: ["how do I run it?"],
  matches: ({ text, context }) => context.codeShownLast !== undefined && asksHowToRun.test(text),
  plan: ({ context }) => {
    const { target, filename } = context.codeShownLast!;
    return { kind: "answered", text: describeRunSteps(target, filename) };
  },
};
