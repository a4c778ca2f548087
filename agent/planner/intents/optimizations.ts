import { call, defined, planned, type Intent } from "../intent.ts";
import { periodWords } from "../returns-by.ts";

const optimizationUuid = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/;
/** "list my optimizations", "which optimizations have I run". */
const listsThem = /\b(?:list|show|which|what|my|all|recent|past|previous)\b.*\boptimi[sz]ations\b/;
/** "show the optimization", "what was the best combination", "show the heatmap". */
const showsOne =
  /\b(?:show|open|see|view|display|pull up|bring up|print|plot|draw|chart)\b.*\boptimi[sz]ation\b(?!s)|\bwhat (?:was|were|is|are) (?:the )?(?:best|winning|optimal|top) (?:\d+ )?(?:combinations?|parameters|params|settings|values|parameter sets?|trials?)\b|\b(?:show|list|give)\b(?: me)? (?:the )?(?:top|best) (?:\d+ )?(?:trials|parameter sets|combinations)\b|\b(?:heat ?map|parameter surface)\b/;

/** "show the optimization" (the conversation's, or the newest), "list my optimizations". */
export const storedOptimization: Intent = {
  title: "a stored optimization",
  tools: ["get_optimization", "list_optimizations"],
  examples: [
    "list my optimizations",
    "show the last optimization",
    "what were the best parameters",
    "show optimization <uuid>",
  ],
  // "The monthly returns heatmap" is a backtest's returns by month, not a parameter search.
  matches: ({ text }) => listsThem.test(text) || (showsOne.test(text) && !periodWords.test(text)),
  plan({ text, context }) {
    const limit = /\b(?:last|latest|top|first|recent)\s+(\d{1,2})\b/.exec(text)?.[1];
    if (listsThem.test(text) && !optimizationUuid.test(text))
      return planned(
        [call("list_optimizations", defined({ limit: limit ? Number(limit) : undefined }))],
        "List the stored optimizations, newest first.",
      );
    const optimizationId = optimizationUuid.exec(text)?.[1] ?? context.lastOptimizationId;
    return planned(
      [call("get_optimization", defined({ optimizationId }))],
      optimizationId
        ? `Show optimization ${optimizationId.slice(0, 8)}… again, with the chart of its search.`
        : "Show the newest finished optimization, with the chart of its search.",
    );
  },
};
