interface Term {
  term: string;
  meaning: string;
  computed?: string;
  reading?: string;
  seeAlso: string[];
}

/** explain_term: the meaning, how it is computed here, how to read it, and what is related. */
export function describeTerm({ term, meaning, computed, reading, seeAlso }: Term): string {
  return [
    `${term[0]!.toUpperCase()}${term.slice(1)}: ${meaning}`,
    ...(computed ? [`How Alphadesk computes it: ${computed}`] : []),
    ...(reading ? [`Reading it: ${reading}`] : []),
    ...(seeAlso.length > 0 ? [`See also: ${seeAlso.join(", ")}.`] : []),
  ].join("\n");
}
