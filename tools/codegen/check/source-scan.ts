/** A problem a structural checker found, at a 1-based line of the source. */
export interface SourceProblem {
  line: number;
  message: string;
}

/** How a C-like language writes comments and literals. */
export interface Lexicon {
  lineComment: string;
  /** Opening and closing marks of block comments, or null when the language has none. */
  blockComment: readonly [string, string] | null;
  /** Characters that open and close a string (or character) literal. */
  quotes: readonly string[];
  /** Whether a literal may continue on the next line (Pine's may not, nor MQL5's). */
  multilineStrings: boolean;
}

export interface ScannedSource {
  /**
   * The source with every comment and every literal's contents blanked to spaces (the quotes
   * stay), line breaks kept: offsets and lines are the source's, and what is left is code.
   */
  code: string;
  problems: SourceProblem[];
}

/** Separates code from comments and literals, reporting literals and comments left open. */
export function scanSource(source: string, lexicon: Lexicon): ScannedSource {
  const lineOf = lineLocator(source);
  const code = source.split("");
  const problems: SourceProblem[] = [];
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (code[i] !== "\n") code[i] = " ";
  };
  let i = 0;
  while (i < source.length) {
    if (source.startsWith(lexicon.lineComment, i)) {
      const end = source.indexOf("\n", i);
      const stop = end < 0 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (lexicon.blockComment !== null && source.startsWith(lexicon.blockComment[0], i)) {
      const [open, close] = lexicon.blockComment;
      const end = source.indexOf(close, i + open.length);
      if (end < 0) problems.push({ line: lineOf(i), message: "comment is never closed" });
      const stop = end < 0 ? source.length : end + close.length;
      blank(i, stop);
      i = stop;
    } else if (lexicon.quotes.includes(source[i]!)) {
      const quote = source[i]!;
      let j = i + 1;
      while (j < source.length && source[j] !== quote) {
        if (source[j] === "\n" && !lexicon.multilineStrings) break;
        j += source[j] === "\\" ? 2 : 1;
      }
      if (j >= source.length || source[j] !== quote) {
        problems.push({ line: lineOf(i), message: `literal opened with ${quote} is never closed` });
        blank(i + 1, j);
        i = j;
      } else {
        blank(i + 1, j);
        i = j + 1;
      }
    } else i++;
  }
  return { code: code.join(""), problems };
}

const closers: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

/** Unbalanced (), [] and {} in scanned code, each at the line of the bracket to blame. */
export function bracketProblems(code: string): SourceProblem[] {
  const lineOf = lineLocator(code);
  const problems: SourceProblem[] = [];
  const open: { bracket: string; offset: number }[] = [];
  for (let i = 0; i < code.length; i++) {
    const character = code[i]!;
    if (character in closers) open.push({ bracket: character, offset: i });
    else if (character === ")" || character === "]" || character === "}") {
      const top = open.at(-1);
      if (top !== undefined && closers[top.bracket] === character) open.pop();
      else {
        const expected =
          top === undefined
            ? "nothing open"
            : `${closers[top.bracket]} for the ${top.bracket} on line ${lineOf(top.offset)}`;
        problems.push({
          line: lineOf(i),
          message: `${character} does not close anything (expected ${expected})`,
        });
        if (top !== undefined && Object.values(closers).includes(character)) {
          // Drop to the matching opener, if any, so one stray bracket is one problem.
          const match = open.map((entry) => closers[entry.bracket]).lastIndexOf(character);
          if (match >= 0) open.length = match;
        }
      }
    }
  }
  for (const { bracket, offset } of open)
    problems.push({ line: lineOf(offset), message: `${bracket} is never closed` });
  return problems;
}

/** A function from offsets to 1-based lines, for many look-ups in one text. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}
