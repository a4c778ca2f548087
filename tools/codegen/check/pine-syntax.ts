/**
 * A reader for the Pine Script v6 that the code generator writes (and the common mistakes in
 * it): logical lines from Pine's indentation and line-wrapping rules, then statements and
 * expressions. The structural checker (pine-checker.ts) and the test interpreter
 * (pine-interpreter.ts) share it. No Pine compiler runs here; this is ours.
 */

export interface PineProblem {
  /** 1-based line of the source. */
  line: number;
  message: string;
}

export type TokenKind = "identifier" | "number" | "string" | "operator";

export interface Token {
  kind: TokenKind;
  /** The source text; for a string, its value with escapes resolved. */
  text: string;
  line: number;
}

export interface Argument {
  /** Set for a named argument (`qty = 1`). */
  name: string | null;
  value: Expression;
}

export type Expression =
  | { kind: "number"; value: number; integer: boolean; line: number }
  | { kind: "string"; value: string; line: number }
  | { kind: "bool"; value: boolean; line: number }
  | { kind: "name"; name: string; line: number }
  | { kind: "member"; object: Expression; property: string; line: number }
  | { kind: "call"; callee: Expression; args: Argument[]; line: number }
  | { kind: "history"; target: Expression; offset: Expression; line: number }
  | { kind: "unary"; operator: "-" | "+" | "not"; operand: Expression; line: number }
  | { kind: "binary"; operator: string; left: Expression; right: Expression; line: number }
  | {
      kind: "ternary";
      condition: Expression;
      then: Expression;
      otherwise: Expression;
      line: number;
    }
  | { kind: "tuple"; items: Expression[]; line: number };

export interface Parameter {
  name: string;
  type: string | null;
  defaultValue: Expression | null;
}

export interface Branch {
  condition: Expression | null;
  body: Statement[];
}

export type Statement =
  | {
      kind: "declare";
      line: number;
      mode: "var" | "varip" | null;
      type: string | null;
      /** One name, or the names of a tuple `[a, b] = f()`. */
      names: string[];
      tuple: boolean;
      value: Expression;
    }
  | { kind: "assign"; line: number; name: string; operator: string; value: Expression }
  | { kind: "if"; line: number; branches: Branch[] }
  | {
      kind: "for";
      line: number;
      variable: string;
      from: Expression;
      to: Expression;
      step: Expression | null;
      body: Statement[];
    }
  | { kind: "while"; line: number; condition: Expression; body: Statement[] }
  | { kind: "function"; line: number; name: string; parameters: Parameter[]; body: Statement[] }
  | { kind: "expression"; line: number; expression: Expression }
  | { kind: "break" | "continue"; line: number };

export interface ParsedScript {
  statements: Statement[];
  problems: PineProblem[];
  /** Every physical line's text, for checks that read lines (version, length). */
  lines: string[];
}

/** Pine's keywords: never names of variables or functions. */
export const pineKeywords: ReadonlySet<string> = new Set([
  "and",
  "or",
  "not",
  "if",
  "else",
  "for",
  "to",
  "by",
  "in",
  "while",
  "switch",
  "var",
  "varip",
  "import",
  "export",
  "method",
  "type",
  "enum",
  "break",
  "continue",
  "true",
  "false",
]);

const qualifiers: ReadonlySet<string> = new Set(["const", "simple", "series", "input"]);
const typeNames: ReadonlySet<string> = new Set([
  "int",
  "float",
  "bool",
  "string",
  "color",
  "label",
  "line",
  "box",
  "table",
]);
const assignmentOperators: ReadonlySet<string> = new Set([":=", "+=", "-=", "*=", "/=", "%="]);
// Longest first, so ":=" wins over ":".
const operators = [
  ":=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "==",
  "!=",
  "<=",
  ">=",
  "=>",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "?",
  ":",
  ",",
  ".",
  "(",
  ")",
  "[",
  "]",
];
const closing: Record<string, string> = { "(": ")", "[": "]" };

/** A statement's tokens with its indentation level (4 spaces or one tab per level). */
interface LogicalLine {
  level: number;
  line: number;
  tokens: Token[];
}

/** Reads a Pine script into statements, with every problem found on the way. */
export function parsePine(source: string): ParsedScript {
  const lines = source.split(/\r\n|\n|\r/);
  const problems: PineProblem[] = [];
  const logical = logicalLines(lines, problems);
  const parser = new Parser(logical, problems);
  const statements = parser.block(0);
  return { statements, problems, lines };
}

/**
 * Pine's layout rules: a statement starts on a line indented by whole levels; a line inside
 * open brackets, or indented by a number of spaces that is not a multiple of four, continues
 * the statement above it.
 */
function logicalLines(lines: readonly string[], problems: PineProblem[]): LogicalLine[] {
  const result: LogicalLine[] = [];
  const open: { bracket: string; line: number }[] = [];
  let current: LogicalLine | null = null;
  let currentWidth = 0;
  lines.forEach((text, index) => {
    const line = index + 1;
    const indentation = /^[ \t]*/.exec(text)![0];
    const tokens = tokenize(text, line, problems);
    if (tokens.length === 0) return;
    const width = [...indentation].reduce((sum, char) => sum + (char === "\t" ? 4 : 1), 0);
    const inBrackets = open.length > 0;
    const wrapped = !inBrackets && width % 4 !== 0 && !indentation.includes("\t");
    if ((inBrackets || wrapped) && current !== null) {
      if (wrapped && width <= currentWidth)
        problems.push({
          line,
          message: `a continuation line must be indented more than the statement it continues (line ${current.line})`,
        });
      current.tokens.push(...tokens);
    } else {
      if (wrapped)
        problems.push({
          line,
          message: `indentation of ${width} spaces is not a whole number of levels (4 spaces or a tab)`,
        });
      if (indentation.includes("\t") && indentation.includes(" "))
        problems.push({ line, message: "indentation mixes tabs and spaces" });
      current = { level: Math.floor(width / 4), line, tokens };
      currentWidth = width;
      result.push(current);
    }
    for (const token of tokens) {
      if (token.kind !== "operator") continue;
      if (token.text === "(" || token.text === "[") open.push({ bracket: token.text, line });
      else if (token.text === ")" || token.text === "]") {
        const opener = open.pop();
        if (opener === undefined)
          problems.push({ line, message: `unmatched closing bracket "${token.text}"` });
        else if (closing[opener.bracket] !== token.text)
          problems.push({
            line,
            message: `"${token.text}" closes "${opener.bracket}" opened on line ${opener.line}`,
          });
      }
    }
  });
  for (const opener of open)
    problems.push({ line: opener.line, message: `"${opener.bracket}" is never closed` });
  return result;
}

/** The tokens of one physical line, its comment dropped. */
function tokenize(text: string, line: number, problems: PineProblem[]): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === " " || char === "\t") {
      index++;
      continue;
    }
    if (text.startsWith("//", index)) break;
    if (char === '"' || char === "'") {
      let value = "";
      let end = index + 1;
      let closed = false;
      while (end < text.length) {
        const next = text[end]!;
        if (next === "\\" && end + 1 < text.length) {
          const escaped = text[end + 1]!;
          value += escaped === "n" ? "\n" : escaped === "t" ? "\t" : escaped;
          end += 2;
          continue;
        }
        if (next === char) {
          closed = true;
          break;
        }
        value += next;
        end++;
      }
      if (!closed) {
        problems.push({ line, message: `string starting with ${char} is never closed` });
        return tokens;
      }
      tokens.push({ kind: "string", text: value, line });
      index = end + 1;
      continue;
    }
    const number = /^(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(text.slice(index));
    if (number) {
      tokens.push({ kind: "number", text: number[0], line });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index));
    if (word) {
      tokens.push({ kind: "identifier", text: word[0], line });
      index += word[0].length;
      continue;
    }
    const operator = operators.find((candidate) => text.startsWith(candidate, index));
    if (operator === undefined) {
      problems.push({ line, message: `unexpected character "${char}"` });
      return tokens;
    }
    tokens.push({ kind: "operator", text: operator, line });
    index += operator.length;
  }
  return tokens;
}

class SyntaxProblem extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Statements from logical lines, blocks by indentation. */
class Parser {
  private index = 0;

  constructor(
    private readonly lines: readonly LogicalLine[],
    private readonly problems: PineProblem[],
  ) {}

  /** The statements at `level` from here until a line indented less. */
  block(level: number): Statement[] {
    const statements: Statement[] = [];
    while (this.index < this.lines.length) {
      const current = this.lines[this.index]!;
      if (current.level < level) break;
      if (current.level > level) {
        this.problems.push({
          line: current.line,
          message: `unexpected indentation (level ${current.level} where level ${level} was expected)`,
        });
        this.index++;
        continue;
      }
      const statement = this.statement(level);
      if (statement !== null) statements.push(statement);
    }
    return statements;
  }

  /** One statement and, for blocks, its body. */
  private statement(level: number): Statement | null {
    const current = this.lines[this.index]!;
    this.index++;
    try {
      const reader = new TokenReader(current.tokens, current.line);
      const first = reader.peek()!;
      if (first.kind === "identifier" && first.text === "else")
        throw new SyntaxProblem(current.line, '"else" without an "if" before it');
      if (first.kind === "identifier" && first.text === "if")
        return this.ifStatement(reader, level);
      if (first.kind === "identifier" && first.text === "for") {
        reader.next();
        const variable = reader.identifier();
        reader.expect("=");
        const from = reader.expression();
        reader.expect("to", "identifier");
        const to = reader.expression();
        const step = reader.accept("by", "identifier") ? reader.expression() : null;
        reader.end();
        const body = this.body(level, current.line, "for");
        return { kind: "for", line: current.line, variable, from, to, step, body };
      }
      if (first.kind === "identifier" && first.text === "while") {
        reader.next();
        const condition = reader.expression();
        reader.end();
        return {
          kind: "while",
          line: current.line,
          condition,
          body: this.body(level, current.line, "while"),
        };
      }
      if (first.kind === "identifier" && (first.text === "break" || first.text === "continue")) {
        reader.next();
        reader.end();
        return { kind: first.text, line: current.line };
      }
      if (reader.isFunctionDefinition()) return this.functionDefinition(reader, level);
      return reader.simpleStatement();
    } catch (error) {
      if (!(error instanceof SyntaxProblem)) throw error;
      this.problems.push({ line: error.line, message: error.message });
      // Skip the block the broken line would have opened.
      while (this.index < this.lines.length && this.lines[this.index]!.level > level) this.index++;
      return null;
    }
  }

  private ifStatement(reader: TokenReader, level: number): Statement {
    const line = reader.line;
    reader.next();
    const condition = reader.expression();
    reader.end();
    const branches: Branch[] = [{ condition, body: this.body(level, line, "if") }];
    while (this.index < this.lines.length) {
      const next = this.lines[this.index]!;
      const first = next.tokens[0]!;
      if (next.level !== level || first.kind !== "identifier" || first.text !== "else") break;
      this.index++;
      const elseReader = new TokenReader(next.tokens, next.line);
      elseReader.next();
      if (elseReader.accept("if", "identifier")) {
        const elseCondition = elseReader.expression();
        elseReader.end();
        branches.push({ condition: elseCondition, body: this.body(level, next.line, "else if") });
      } else {
        elseReader.end();
        branches.push({ condition: null, body: this.body(level, next.line, "else") });
        break;
      }
    }
    return { kind: "if", line, branches };
  }

  private functionDefinition(reader: TokenReader, level: number): Statement {
    const line = reader.line;
    const name = reader.identifier();
    reader.expect("(");
    const parameters: Parameter[] = [];
    if (!reader.accept(")")) {
      do parameters.push(reader.parameter());
      while (reader.accept(","));
      reader.expect(")");
    }
    reader.expect("=>");
    if (level !== 0)
      throw new SyntaxProblem(
        line,
        `function ${name} is defined inside a block: Pine allows functions only at the top level`,
      );
    if (!reader.atEnd()) {
      const expression = reader.expression();
      reader.end();
      return {
        kind: "function",
        line,
        name,
        parameters,
        body: [{ kind: "expression", line, expression }],
      };
    }
    return {
      kind: "function",
      line,
      name,
      parameters,
      body: this.body(level, line, `function ${name}`),
    };
  }

  /** The indented block under a line that opens one. */
  private body(level: number, line: number, what: string): Statement[] {
    const next = this.lines[this.index];
    if (next === undefined || next.level <= level)
      throw new SyntaxProblem(line, `${what} has no indented block under it`);
    if (next.level !== level + 1) {
      this.problems.push({
        line: next.line,
        message: `the block of ${what} (line ${line}) is indented ${next.level - level} levels; one level is expected`,
      });
    }
    return this.block(next.level);
  }
}

/** Reads the tokens of one logical line. */
class TokenReader {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly line: number,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  next(): Token {
    const token = this.tokens[this.position];
    if (token === undefined)
      throw new SyntaxProblem(this.lastLine(), "the statement ends too early");
    this.position++;
    return token;
  }

  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  end(): void {
    const token = this.peek();
    if (token !== undefined)
      throw new SyntaxProblem(
        token.line,
        `unexpected ${describe(token)} after the end of the statement`,
      );
  }

  /** Takes the next token if it is `text` (an operator, or a keyword with kind "identifier"). */
  accept(text: string, kind: TokenKind = "operator"): boolean {
    const token = this.peek();
    if (token?.kind === kind && token.text === text) {
      this.position++;
      return true;
    }
    return false;
  }

  expect(text: string, kind: TokenKind = "operator"): void {
    const token = this.peek();
    if (!this.accept(text, kind))
      throw new SyntaxProblem(
        token?.line ?? this.lastLine(),
        `expected "${text}" but found ${token === undefined ? "the end of the statement" : describe(token)}`,
      );
  }

  identifier(): string {
    const token = this.next();
    if (token.kind !== "identifier" || pineKeywords.has(token.text))
      throw new SyntaxProblem(token.line, `expected a name but found ${describe(token)}`);
    return token.text;
  }

  /** `name(...) =>` at the start of the line. */
  isFunctionDefinition(): boolean {
    if (this.peek()?.kind !== "identifier" || this.peek(1)?.text !== "(") return false;
    let depth = 0;
    for (let index = this.position + 1; index < this.tokens.length; index++) {
      const token = this.tokens[index]!;
      if (token.kind !== "operator") continue;
      if (token.text === "(" || token.text === "[") depth++;
      else if (token.text === ")" || token.text === "]") {
        depth--;
        if (depth === 0) return this.tokens[index + 1]?.text === "=>";
      }
    }
    return false;
  }

  parameter(): Parameter {
    const words: string[] = [];
    while (this.peek()?.kind === "identifier" && words.length < 3) {
      const text = this.peek()!.text;
      const isType = qualifiers.has(text) || typeNames.has(text);
      if (!isType || this.peek(1)?.kind !== "identifier") break;
      words.push(this.next().text);
    }
    const name = this.identifier();
    const defaultValue = this.accept("=") ? this.expression() : null;
    return { name, type: words.length === 0 ? null : words.join(" "), defaultValue };
  }

  /** A declaration, a reassignment or an expression statement. */
  simpleStatement(): Statement {
    const line = this.line;
    let mode: "var" | "varip" | null = null;
    if (this.accept("var", "identifier")) mode = "var";
    else if (this.accept("varip", "identifier")) mode = "varip";
    const typeWords: string[] = [];
    while (
      this.peek()?.kind === "identifier" &&
      (qualifiers.has(this.peek()!.text) || typeNames.has(this.peek()!.text)) &&
      this.peek(1)?.kind === "identifier"
    )
      typeWords.push(this.next().text);
    const type = typeWords.length === 0 ? null : typeWords.join(" ");
    if (this.peek()?.text === "[" && this.isTupleDeclaration()) {
      this.next();
      const names: string[] = [];
      do names.push(this.identifier());
      while (this.accept(","));
      this.expect("]");
      this.expect("=");
      const value = this.expression();
      this.end();
      return { kind: "declare", line, mode, type, names, tuple: true, value };
    }
    const first = this.peek();
    const second = this.peek(1);
    if (first?.kind === "identifier" && second?.kind === "operator") {
      if (second.text === "=") {
        const name = this.identifier();
        this.next();
        const value = this.expression();
        this.end();
        return { kind: "declare", line, mode, type, names: [name], tuple: false, value };
      }
      if (assignmentOperators.has(second.text)) {
        if (mode !== null || type !== null)
          throw new SyntaxProblem(
            line,
            `"${second.text}" reassigns a variable: it takes no "var" or type`,
          );
        const name = this.identifier();
        this.next();
        const value = this.expression();
        this.end();
        return { kind: "assign", line, name, operator: second.text, value };
      }
    }
    if (mode !== null || type !== null)
      throw new SyntaxProblem(line, 'a declaration needs a name and "="');
    const expression = this.expression();
    this.end();
    return { kind: "expression", line, expression };
  }

  private isTupleDeclaration(): boolean {
    for (let index = this.position; index < this.tokens.length; index++) {
      if (this.tokens[index]!.text === "]") return this.tokens[index + 1]?.text === "=";
    }
    return false;
  }

  expression(): Expression {
    const condition = this.binary(0);
    if (!this.accept("?")) return condition;
    const then = this.expression();
    this.expect(":");
    const otherwise = this.expression();
    return { kind: "ternary", condition, then, otherwise, line: condition.line };
  }

  private binary(precedence: number): Expression {
    if (precedence === binaryLevels.length) return this.unary();
    let left = this.binary(precedence + 1);
    for (;;) {
      const token = this.peek();
      if (token === undefined || token.kind === "string" || token.kind === "number") return left;
      if (!binaryLevels[precedence]!.includes(token.text)) return left;
      this.position++;
      const right = this.binary(precedence + 1);
      left = { kind: "binary", operator: token.text, left, right, line: token.line };
    }
  }

  private unary(): Expression {
    const token = this.peek();
    if (token?.kind === "operator" && (token.text === "-" || token.text === "+")) {
      this.position++;
      return { kind: "unary", operator: token.text, operand: this.unary(), line: token.line };
    }
    if (token?.kind === "identifier" && token.text === "not") {
      this.position++;
      return { kind: "unary", operator: "not", operand: this.unary(), line: token.line };
    }
    return this.postfix(this.primary());
  }

  private postfix(start: Expression): Expression {
    let expression = start;
    for (;;) {
      if (this.accept(".")) {
        const property = this.next();
        if (property.kind !== "identifier")
          throw new SyntaxProblem(
            property.line,
            `expected a name after "." but found ${describe(property)}`,
          );
        expression = {
          kind: "member",
          object: expression,
          property: property.text,
          line: property.line,
        };
      } else if (this.peek()?.text === "(" && this.peek()?.kind === "operator") {
        this.next();
        const args: Argument[] = [];
        if (!this.accept(")")) {
          do {
            let name: string | null = null;
            const equals = this.peek(1);
            if (
              this.peek()?.kind === "identifier" &&
              equals?.kind === "operator" &&
              equals.text === "="
            ) {
              name = this.next().text;
              this.next();
            }
            args.push({ name, value: this.expression() });
          } while (this.accept(","));
          this.expect(")");
        }
        expression = { kind: "call", callee: expression, args, line: expression.line };
      } else if (this.peek()?.text === "[" && this.peek()?.kind === "operator") {
        this.next();
        const offset = this.expression();
        this.expect("]");
        expression = { kind: "history", target: expression, offset, line: expression.line };
      } else return expression;
    }
  }

  private primary(): Expression {
    const token = this.next();
    if (token.kind === "number") {
      const integer = /^\d+$/.test(token.text);
      return { kind: "number", value: Number(token.text), integer, line: token.line };
    }
    if (token.kind === "string") return { kind: "string", value: token.text, line: token.line };
    if (token.kind === "identifier") {
      if (token.text === "true" || token.text === "false")
        return { kind: "bool", value: token.text === "true", line: token.line };
      if (pineKeywords.has(token.text))
        throw new SyntaxProblem(token.line, `unexpected keyword "${token.text}" in an expression`);
      return { kind: "name", name: token.text, line: token.line };
    }
    if (token.text === "(") {
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (token.text === "[") {
      const items: Expression[] = [];
      do items.push(this.expression());
      while (this.accept(","));
      this.expect("]");
      return { kind: "tuple", items, line: token.line };
    }
    throw new SyntaxProblem(token.line, `unexpected ${describe(token)}`);
  }

  private lastLine(): number {
    return this.tokens[this.tokens.length - 1]?.line ?? this.line;
  }
}

/** Binary operators by precedence, loosest first (Pine's order). */
const binaryLevels: readonly (readonly string[])[] = [
  ["or"],
  ["and"],
  ["==", "!="],
  ["<", "<=", ">", ">="],
  ["+", "-"],
  ["*", "/", "%"],
];

function describe(token: Token): string {
  return token.kind === "string" ? "a string" : `"${token.text}"`;
}

/** `strategy.opentrades.entry_bar_index` for a chain of names, else null. */
export function qualifiedName(expression: Expression): string | null {
  if (expression.kind === "name") return expression.name;
  if (expression.kind === "member") {
    const object = qualifiedName(expression.object);
    return object === null ? null : `${object}.${expression.property}`;
  }
  return null;
}
