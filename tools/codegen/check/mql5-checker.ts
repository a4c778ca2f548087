import {
  mql5BuiltinFunctions,
  mql5BuiltinMethods,
  mql5Constants,
  mql5Keywords,
  mql5Properties,
  mql5Types,
} from "./mql5-builtins.ts";
import { bracketProblems, scanSource, type SourceProblem } from "./source-scan.ts";

const mql5Lexicon = {
  lineComment: "//",
  blockComment: ["/*", "*/"],
  quotes: ['"', "'"],
  multilineStrings: false,
} as const;

/**
 * Structural checks of an MQL5 expert advisor, for files MetaEditor cannot compile here:
 * balanced brackets outside strings and comments, closed literals and comments, statements ended
 * with `;`, `OnInit` and `OnTick` defined, `#property` lines MQL5 knows, every function called
 * defined in the file or a known MQL5 function or CTrade method, and every name used declared in
 * the file or predefined. Not a compiler: it does not check types or scopes. Problems come in
 * line order.
 */
export function checkMql5(source: string): SourceProblem[] {
  const { code, problems } = scanSource(source, mql5Lexicon);
  const lines = code.split("\n");
  problems.push(
    ...bracketProblems(code),
    ...propertyProblems(lines),
    ...handlerProblems(code),
    ...terminationProblems(lines),
    ...nameProblems(lines),
  );
  return problems.sort((a, b) => a.line - b.line);
}

function propertyProblems(lines: readonly string[]): SourceProblem[] {
  const problems: SourceProblem[] = [];
  let properties = 0;
  lines.forEach((line, index) => {
    const property = /^\s*#property\s+(\w+)/.exec(line);
    if (!property) return;
    properties++;
    if (!mql5Properties.has(property[1]!))
      problems.push({
        line: index + 1,
        message: `#property ${property[1]} is not an MQL5 property`,
      });
  });
  if (properties === 0)
    problems.push({ line: 1, message: "no #property lines (copyright, version, description)" });
  return problems;
}

function handlerProblems(code: string): SourceProblem[] {
  const handlers: [RegExp, string][] = [
    [/^int\s+OnInit\s*\(/m, "int OnInit(void)"],
    [/^void\s+OnTick\s*\(/m, "void OnTick(void)"],
  ];
  return handlers
    .filter(([pattern]) => !pattern.test(code))
    .map(([, handler]) => ({ line: 1, message: `the expert advisor has no ${handler} handler` }));
}

const controlHeader = /^(\}\s*)?(if|for|while|switch|else\s+if)\s*\(/;
const continuation = /^(&&|\|\||\?|:|\.|\+|-|\*|\/|\)|\{)/;
const endsOpen = /([;{},:]|&&|\|\||[+\-*/?=<>!&|])$/;

/** Lines that end a statement without `;`: not a header, not continued on the next line. */
function terminationProblems(lines: readonly string[]): SourceProblem[] {
  const problems: SourceProblem[] = [];
  let depth = 0;
  // The line that opened the brackets still open: a header's condition may span lines.
  let opener = "";
  lines.forEach((line, index) => {
    const text = line.trim();
    if (depth === 0) opener = text;
    for (const character of text) {
      if (character === "(" || character === "[") depth++;
      else if (character === ")" || character === "]") depth--;
    }
    const open = endsOpen.test(text) && !/(\+\+|--)$/.test(text);
    if (text === "" || text.startsWith("#") || depth > 0 || open) return;
    if (/^(\}\s*)?(else|do)$/.test(text) || controlHeader.test(opener)) return;
    const next = lines.slice(index + 1).find((candidate) => candidate.trim() !== "");
    if (next !== undefined && continuation.test(next.trim())) return;
    problems.push({
      line: index + 1,
      message: `statement does not end with ; (${text.slice(-40)})`,
    });
  });
  return problems;
}

interface Token {
  text: string;
  line: number;
  /** The character after it, spaces skipped ("" at the end of the line). */
  next: string;
  previous: string;
}

const tokenPattern = /[A-Za-z_]\w*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+|\S/g;

function tokensOf(lines: readonly string[]): Token[] {
  const tokens: Token[] = [];
  lines.forEach((line, index) => {
    if (/^\s*#(include|property)\b/.test(line)) return;
    const text = line.replace(/^\s*#define\b/, "");
    const found = [...text.matchAll(tokenPattern)];
    found.forEach((match, position) => {
      tokens.push({
        text: match[0],
        line: index + 1,
        next: text.slice(match.index + match[0].length).trimStart()[0] ?? "",
        previous: found[position - 1]?.[0] ?? "",
      });
    });
  });
  return tokens;
}

const identifier = /^[A-Za-z_]\w*$/;

/** Calls of undefined functions and uses of undeclared names. */
function nameProblems(lines: readonly string[]): SourceProblem[] {
  const tokens = tokensOf(lines);
  const { functions, names } = declarations(lines, tokens);
  const problems: SourceProblem[] = [];
  const reported = new Set<string>();
  const report = (line: number, key: string, message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({ line, message });
  };
  for (const token of tokens) {
    const { text } = token;
    if (!identifier.test(text) || mql5Keywords.has(text) || mql5Types.has(text)) continue;
    if (names.types.has(text)) continue;
    if (token.previous === ".") {
      if (token.next === "(" && !mql5BuiltinMethods.has(text))
        report(token.line, `.${text}`, `calls method ${text}, which is not a known CTrade method`);
      continue;
    }
    if (token.next === "(") {
      if (!functions.has(text) && !mql5BuiltinFunctions.has(text))
        report(
          token.line,
          `${text}()`,
          `calls ${text}, which is neither defined in the file nor a known MQL5 function`,
        );
      continue;
    }
    if (!names.variables.has(text) && !mql5Constants.has(text))
      report(token.line, text, `uses ${text}, which is declared nowhere in the file`);
  }
  return problems;
}

/** Functions, #defines, types and variables the file declares (anywhere: scopes are not checked). */
function declarations(lines: readonly string[], tokens: readonly Token[]) {
  const functions = new Set<string>();
  const types = new Set<string>();
  const variables = new Set<string>();
  lines.forEach((line) => {
    const define = /^\s*#define\s+(\w+)(\()?/.exec(line);
    if (define) (define[2] ? functions : variables).add(define[1]!);
    const structure = /\bstruct\s+(\w+)/.exec(line);
    if (structure) types.add(structure[1]!);
    const header = /^(?:\w+\s+)+(\w+)\s*\(/.exec(line);
    if (header && !/^\s/.test(line) && !line.startsWith("#")) functions.add(header[1]!);
  });
  const isType = (text: string) => mql5Types.has(text) || types.has(text);
  // A type, maybe `&`, then a name declares it; in a declaration statement so do the names after
  // each comma outside brackets (`long year, month, day;`).
  let declaring = false;
  let depth = 0;
  tokens.forEach((token, index) => {
    const { text } = token;
    if (text === "(" || text === "[") depth++;
    else if (text === ")" || text === "]") depth--;
    else if (text === ";" || text === "{" || text === "}") declaring = false;
    const before = tokens[index - 1]?.text ?? "";
    const beforeThat = tokens[index - 2]?.text ?? "";
    if (!identifier.test(text) || isType(text) || mql5Keywords.has(text)) return;
    if (isType(before) || (before === "&" && isType(beforeThat))) {
      variables.add(text);
      if (token.next !== "(") {
        declaring = true;
        depth = 0;
      }
    } else if (declaring && depth === 0 && before === ",") variables.add(text);
  });
  return { functions, names: { types, variables } };
}
