/** "the monthly returns", "returns by year", "annual returns", "how did it do each month". */
export const periodWords =
  /\b(?:monthly|month[- ]by[- ]month|yearly|annual|year[- ]by[- ]year|calendar[- ]year)\s+(?:returns?|performance|results?|p&l|breakdown)\b|\b(?:returns?|performance|p&l)\s+(?:by|per|for each|each|every)\s+(?:month|year)\b|\beach (?:month|year)\b|\b(?:best|worst|biggest|largest|strongest|weakest) (?:month|year)s?\b/;
/** "month" or "year" when the message asks for returns by period. */
export const returnsByIn = (text: string) =>
  periodWords.test(text) ? (/\bmonth/.test(text) ? "month" : "year") : undefined;
