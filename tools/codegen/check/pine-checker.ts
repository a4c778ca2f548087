import { pineBuiltinFunctions, pineBuiltinValues, pineNamespaces } from "./pine-builtins.ts";
import {
  parsePine,
  qualifiedName,
  type Expression,
  type PineProblem,
  type Statement,
} from "./pine-syntax.ts";

export type { PineProblem } from "./pine-syntax.ts";

/** Pine's limits that a script's text can break (Pine's "Limitations" page). */
export const pineLimits = {
  /** max_bars_back, and so the deepest history reference. */
  historyBars: 5000,
  variablesPerScope: 1000,
  tupleElements: 127,
} as const;

/**
 * Our structural check of a Pine Script v6 strategy, since no Pine compiler runs here: the
 * version directive first, exactly one strategy() declaration, balanced brackets and quotes,
 * blocks indented by whole levels, every name declared before use or a known built-in, no
 * comparison with na by == or !=, well-formed functions called with the right arguments,
 * stateful functions called on every bar, and Pine's limits. Returns every problem found, by
 * line; an empty list means the script passed.
 */
export function checkPine(source: string): PineProblem[] {
  const parsed = parsePine(source);
  const problems = [...parsed.problems];
  const first = parsed.lines[0]?.trim() ?? "";
  if (first !== "//@version=6")
    problems.push({
      line: 1,
      message: /^\/\/@version=/.test(first)
        ? `the script declares ${first.slice(2)}; this checker and the generator write version 6`
        : "the first line must be the version directive //@version=6",
    });
  const checker = new ScopeChecker(problems);
  checker.script(parsed.statements);
  return problems.sort((a, b) => a.line - b.line);
}

interface FunctionInfo {
  line: number;
  parameters: string[];
  /** Declares `var` state or reads history, directly or through what it calls. */
  stateful: boolean;
}

interface Scope {
  names: Map<string, number>;
  parent: Scope | null;
  /** Set in a function's scopes: the function cannot assign the global scope's variables. */
  inFunction: boolean;
}

/** Walks the statements in order, with Pine's scopes. */
class ScopeChecker {
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly global: Scope = { names: new Map(), parent: null, inFunction: false };
  private declarations = 0;

  constructor(private readonly problems: PineProblem[]) {}

  private report(line: number, message: string): void {
    this.problems.push({ line, message });
  }

  script(statements: readonly Statement[]): void {
    this.block(statements, this.global, false);
    if (this.declarations === 0)
      this.report(1, "the script has no strategy() declaration statement");
  }

  /** `conditional`: the block runs on some bars only (an if, a loop, or a branch). */
  private block(statements: readonly Statement[], scope: Scope, conditional: boolean): void {
    for (const statement of statements) this.statement(statement, scope, conditional);
    if (scope.names.size > pineLimits.variablesPerScope)
      this.report(
        statements[0]?.line ?? 1,
        `a scope declares ${scope.names.size} variables; Pine allows ${pineLimits.variablesPerScope}`,
      );
  }

  private child(scope: Scope): Scope {
    return { names: new Map(), parent: scope, inFunction: scope.inFunction };
  }

  private statement(statement: Statement, scope: Scope, conditional: boolean): void {
    switch (statement.kind) {
      case "function":
        this.functionDefinition(statement);
        return;
      case "declare":
        if (statement.mode !== null) this.stateful = true;
        this.expression(statement.value, scope, conditional);
        if (statement.tuple && statement.names.length > pineLimits.tupleElements)
          this.report(
            statement.line,
            `a tuple has ${statement.names.length} elements; Pine allows ${pineLimits.tupleElements}`,
          );
        for (const name of statement.names) this.declare(name, statement.line, scope);
        return;
      case "assign": {
        this.expression(statement.value, scope, conditional);
        const owner = this.lookup(statement.name, scope);
        if (owner === null)
          this.report(
            statement.line,
            `${statement.name} is assigned with ${statement.operator} but never declared (declare it with =)`,
          );
        else if (owner === this.global && scope.inFunction)
          this.report(
            statement.line,
            `a function cannot assign the global variable ${statement.name}`,
          );
        return;
      }
      case "if":
        for (const branch of statement.branches) {
          if (branch.condition !== null) this.expression(branch.condition, scope, conditional);
          this.block(branch.body, this.child(scope), true);
        }
        return;
      case "for": {
        this.expression(statement.from, scope, conditional);
        this.expression(statement.to, scope, conditional);
        if (statement.step !== null) this.expression(statement.step, scope, conditional);
        const body = this.child(scope);
        body.names.set(statement.variable, statement.line);
        this.block(statement.body, body, true);
        return;
      }
      case "while":
        this.expression(statement.condition, scope, conditional);
        this.block(statement.body, this.child(scope), true);
        return;
      case "expression":
        this.topLevelCall(statement, scope);
        this.expression(statement.expression, scope, conditional);
        return;
      case "break":
      case "continue":
        return;
    }
  }

  /** The declaration statement: exactly one strategy(), at the top level. */
  private topLevelCall(statement: Extract<Statement, { kind: "expression" }>, scope: Scope): void {
    const { expression } = statement;
    if (expression.kind !== "call") return;
    const name = qualifiedName(expression.callee);
    if (name === "indicator" || name === "library")
      this.report(
        statement.line,
        `${name}() declares another kind of script: this one must be a strategy()`,
      );
    if (name !== "strategy") return;
    this.declarations++;
    if (this.declarations > 1)
      this.report(statement.line, "a second strategy() declaration: a script has exactly one");
    if (scope !== this.global)
      this.report(statement.line, "strategy() must be declared at the top level");
    const back = expression.args.find((argument) => argument.name === "max_bars_back")?.value;
    if (back?.kind === "number" && back.value > pineLimits.historyBars)
      this.report(
        statement.line,
        `max_bars_back ${back.value} is above Pine's ${pineLimits.historyBars}`,
      );
  }

  private functionDefinition(statement: Extract<Statement, { kind: "function" }>): void {
    const { name, line, parameters } = statement;
    const known = this.functions.get(name);
    if (known !== undefined)
      this.report(line, `function ${name} is already defined on line ${known.line}`);
    if (pineBuiltinFunctions.has(name) || pineBuiltinValues.has(name) || pineNamespaces.has(name))
      this.report(line, `function ${name} has the name of a Pine built-in`);
    const scope: Scope = { names: new Map(), parent: this.global, inFunction: true };
    for (const parameter of parameters) {
      if (pineBuiltinValues.has(parameter.name) || pineNamespaces.has(parameter.name))
        this.report(
          line,
          `parameter ${parameter.name} of ${name} is a Pine built-in: name it otherwise`,
        );
      if (scope.names.has(parameter.name))
        this.report(line, `function ${name} has two parameters named ${parameter.name}`);
      scope.names.set(parameter.name, line);
      if (parameter.defaultValue !== null)
        this.expression(parameter.defaultValue, this.global, false);
    }
    if (statement.body.length === 0) this.report(line, `function ${name} has no body`);
    const last = statement.body.at(-1);
    if (last !== undefined && last.kind !== "expression" && last.kind !== "if")
      this.report(last.line, `function ${name} must end with the expression it returns`);
    this.stateful = false;
    this.block(statement.body, scope, false);
    // Defined after its body is read: a function cannot call itself, as in Pine.
    this.functions.set(name, {
      line,
      parameters: parameters.map((parameter) => parameter.name),
      stateful: this.stateful,
    });
  }

  /** Whether the function being read so far keeps state (var) or reads history. */
  private stateful = false;

  private declare(name: string, line: number, scope: Scope): void {
    if (pineBuiltinValues.has(name) || pineNamespaces.has(name))
      this.report(line, `${name} is a Pine built-in: name the variable otherwise`);
    const earlier = scope.names.get(name);
    if (earlier !== undefined)
      this.report(line, `${name} is already declared on line ${earlier}: assign it with :=`);
    else {
      const outer = scope.parent === null ? null : this.lookup(name, scope.parent);
      if (outer !== null)
        this.report(line, `${name} shadows the variable declared on line ${outer.names.get(name)}`);
    }
    scope.names.set(name, line);
  }

  private lookup(name: string, scope: Scope): Scope | null {
    for (let current: Scope | null = scope; current !== null; current = current.parent)
      if (current.names.has(name)) return current;
    return null;
  }

  /** `conditional`: evaluated on some bars only, where a stateful function must not be called. */
  private expression(expression: Expression, scope: Scope, conditional: boolean): void {
    switch (expression.kind) {
      case "number":
      case "string":
      case "bool":
        return;
      case "name":
      case "member":
        this.name(expression, scope);
        return;
      case "history":
        this.stateful = true;
        if (expression.offset.kind === "number" && expression.offset.value > pineLimits.historyBars)
          this.report(
            expression.line,
            `history reference [${expression.offset.value}] is beyond Pine's ${pineLimits.historyBars} bars`,
          );
        this.expression(expression.target, scope, conditional);
        this.expression(expression.offset, scope, conditional);
        return;
      case "unary":
        this.expression(expression.operand, scope, conditional);
        return;
      case "binary": {
        const { operator, left, right } = expression;
        if ((operator === "==" || operator === "!=") && (isNa(left) || isNa(right)))
          this.report(expression.line, `${operator} with na never holds: test with na(value)`);
        this.expression(left, scope, conditional);
        // Pine v6 evaluates and/or lazily: the right side runs on some bars only.
        this.expression(right, scope, conditional || operator === "and" || operator === "or");
        return;
      }
      case "ternary":
        this.expression(expression.condition, scope, conditional);
        this.expression(expression.then, scope, true);
        this.expression(expression.otherwise, scope, true);
        return;
      case "tuple":
        if (expression.items.length > pineLimits.tupleElements)
          this.report(
            expression.line,
            `a tuple has ${expression.items.length} elements; Pine allows ${pineLimits.tupleElements}`,
          );
        for (const item of expression.items) this.expression(item, scope, conditional);
        return;
      case "call":
        this.call(expression, scope, conditional);
        return;
    }
  }

  private name(expression: Expression, scope: Scope): void {
    const name = qualifiedName(expression);
    if (name === null) {
      // A member of a computed value (a call's result): only the value itself can be checked.
      if (expression.kind === "member") this.expression(expression.object, scope, false);
      return;
    }
    if (!name.includes(".")) {
      if (this.lookup(name, scope) !== null || pineBuiltinValues.has(name)) return;
      if (this.functions.has(name) || pineBuiltinFunctions.has(name))
        this.report(expression.line, `${name} is a function: call it with ()`);
      else
        this.report(
          expression.line,
          `${name} is not declared before this line and is not a Pine built-in`,
        );
      return;
    }
    const root = name.slice(0, name.indexOf("."));
    if (this.lookup(root, scope) !== null) return;
    if (!pineNamespaces.has(root))
      this.report(
        expression.line,
        `${root} is not declared before this line and is not a Pine namespace`,
      );
    else if (!pineBuiltinValues.has(name))
      this.report(expression.line, `${name} is not a Pine built-in this checker knows`);
  }

  private call(
    expression: Extract<Expression, { kind: "call" }>,
    scope: Scope,
    conditional: boolean,
  ): void {
    for (const argument of expression.args) this.expression(argument.value, scope, conditional);
    const name = qualifiedName(expression.callee);
    if (name === null) {
      this.report(expression.line, "only a function's name can be called");
      return;
    }
    const user = this.functions.get(name);
    if (user !== undefined) {
      if (user.stateful) this.stateful = true;
      if (conditional && user.stateful)
        this.report(
          expression.line,
          `${name} keeps state (var or history) but is called only on some bars: call it on every bar, outside this block or branch`,
        );
      const positional = expression.args.filter((argument) => argument.name === null).length;
      const named = expression.args.filter((argument) => argument.name !== null);
      for (const argument of named)
        if (!user.parameters.includes(argument.name!))
          this.report(expression.line, `${name} has no parameter ${argument.name}`);
      if (positional + named.length !== user.parameters.length)
        this.report(
          expression.line,
          `${name} takes ${user.parameters.length} arguments (given ${positional + named.length})`,
        );
      return;
    }
    if (!pineBuiltinFunctions.has(name)) {
      const known = this.lookup(name, scope) !== null || pineBuiltinValues.has(name);
      this.report(
        expression.line,
        known
          ? `${name} is not a function`
          : `${name} is not a function defined before this line nor a Pine built-in this checker knows`,
      );
      return;
    }
    const parameters = pineBuiltinFunctions.get(name)!;
    for (const argument of expression.args)
      if (argument.name !== null && (parameters === null || !parameters.has(argument.name)))
        this.report(expression.line, `${name} has no parameter ${argument.name}`);
  }
}

function isNa(expression: Expression): boolean {
  return expression.kind === "name" && expression.name === "na";
}
