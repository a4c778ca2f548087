import { parsePine, qualifiedName, type Expression, type Statement } from "./pine-syntax.ts";

/**
 * Runs the Pine the code generator writes on bars, bar by bar, the way TradingView executes a
 * script: once per bar, `var` state per call site, history per series. It exists so tests can
 * hold the generated Pine to the engine (the same signals, bar for bar) without TradingView.
 *
 * It is stricter than Pine: comparing an undefined value, a condition that is not a bool, a
 * division by zero, an int variable given a fraction, or a history reference beyond
 * max_bars_back all fail the run, so generated code that passes does not depend on how Pine
 * treats those cases. It covers the language the generator writes, not all of Pine. The script
 * is compiled to closures once, so a run over a few thousand bars takes milliseconds.
 */

export class PineRuntimeError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly bar: number,
  ) {
    super(`line ${line}, bar ${bar}: ${message}`);
  }
}

export interface PineBars {
  timestampMs: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

/** The broker emulator behind `strategy.*`: what a strategy reads and orders. */
export interface PineBroker {
  /** Called before the script runs on `bar` (fills what was ordered on the bar before). */
  beforeBar(bar: number): void;
  /** strategy.position_size, strategy.equity ... by name without "strategy.". */
  value(name: string): number;
  /** strategy.entry, strategy.exit ... by name without "strategy.". */
  order(name: string, args: readonly unknown[], named: Readonly<Record<string, unknown>>): void;
}

export interface RecordedOrder {
  bar: number;
  name: string;
  args: unknown[];
  named: Record<string, unknown>;
}

/** A broker that never fills anything: the strategy stays flat and its orders are recorded. */
export class RecordingBroker implements PineBroker {
  readonly orders: RecordedOrder[] = [];
  private bar = 0;

  constructor(private readonly initialCapital = 100_000) {}

  beforeBar(bar: number): void {
    this.bar = bar;
  }

  value(name: string): number {
    if (name === "equity") return this.initialCapital;
    if (name === "position_avg_price" || name === "opentrades.entry_bar_index") return NaN;
    if (name === "position_size" || name === "closedtrades") return 0;
    throw new Error(`the recording broker has no strategy.${name}`);
  }

  order(name: string, args: readonly unknown[], named: Readonly<Record<string, unknown>>): void {
    this.orders.push({ bar: this.bar, name, args: [...args], named: { ...named } });
  }
}

export interface PineRunOptions {
  bars: PineBars;
  /** syminfo.ticker */
  ticker: string;
  /** What timeframe.in_seconds() returns. */
  timeframeSeconds: number;
  /** syminfo.mintick */
  mintick?: number;
  /** Input values by title; the default value otherwise. */
  inputs?: Readonly<Record<string, unknown>>;
  broker?: PineBroker;
}

export interface PineRun {
  /** The value a global variable had after each bar. */
  series(name: string): unknown[];
  alerts: { bar: number; message: string; frequency: unknown }[];
  logs: { bar: number; message: string }[];
  /** The strategy() declaration's arguments, the title under "title". */
  declaration: Record<string, unknown>;
}

/** Runs a script over the bars; throws a PineRuntimeError where the script fails (or does not parse). */
export function runPine(source: string, options: PineRunOptions): PineRun {
  const parsed = parsePine(source);
  if (parsed.problems.length > 0) {
    const first = parsed.problems[0]!;
    throw new PineRuntimeError(`does not parse: ${first.message}`, first.line, -1);
  }
  return new Interpreter(parsed.statements, options).run();
}

const dayMs = 86_400_000;

/** `series float` -> `float`: the qualifier does not change what a value may hold. */
const baseType = (type: string | null) =>
  type === null ? null : type.slice(type.lastIndexOf(" ") + 1);
const brokerValues = ["position_size", "position_avg_price", "equity", "closedtrades"];

interface Slot {
  value: unknown;
  type: string | null;
  /** Values at the end of past bars; null where nothing reads them. */
  history: unknown[] | null;
}

/** Variables of the global scope or of one function call site, with their history. */
class Frame {
  readonly slots = new Map<string, Slot>();
  readonly children = new Map<Expression, Frame>();
  readonly initialized = new Set<Statement>();

  constructor(readonly parent: Frame | null) {}

  find(name: string): Slot | undefined {
    return this.slots.get(name) ?? this.parent?.find(name);
  }

  commit(bar: number): void {
    for (const slot of this.slots.values())
      if (slot.history !== null) slot.history[bar] = slot.value;
  }
}

type Code = (frame: Frame) => unknown;

interface UserFunction {
  parameters: { name: string; type: string | null }[];
  body: Code;
}

/** Thrown by break and continue, caught by their loop. */
class LoopSignal {
  constructor(readonly kind: "break" | "continue") {}
}

class Interpreter {
  private readonly global = new Frame(null);
  private readonly functions = new Map<string, UserFunction>();
  private readonly broker: PineBroker;
  private readonly brokerHistory = new Map<string, number[]>();
  private readonly length: number;
  private readonly program: Code;
  private readonly result: PineRun;
  private readonly constants: Record<string, unknown>;
  private bar = 0;
  private line = 0;
  private maxBarsBack = Infinity;
  /** Names read with a history reference: only their values are kept bar after bar. */
  private readonly historyNames = new Set<string>();
  /** Every name the script declares: any other name is a built-in. */
  private readonly declared = new Set<string>();

  constructor(
    statements: readonly Statement[],
    private readonly options: PineRunOptions,
  ) {
    this.broker = options.broker ?? new RecordingBroker();
    this.length = options.bars.close.length;
    for (const name of brokerValues) this.brokerHistory.set(`strategy.${name}`, []);
    this.constants = {
      "syminfo.ticker": options.ticker,
      "syminfo.mintick": options.mintick ?? 0.01,
      "timeframe.period": `${options.timeframeSeconds}S`,
      "strategy.long": "long",
      "strategy.short": "short",
      "strategy.fixed": "fixed",
      "strategy.commission.percent": "percent",
      "alert.freq_once_per_bar_close": "once_per_bar_close",
      "display.none": "none",
    };
    collectDeclared(statements, this.declared);
    this.program = this.sequence(statements);
    const global = this.global;
    this.result = {
      series: (name) => {
        const slot = global.slots.get(name);
        if (slot === undefined) throw new Error(`the script has no global variable ${name}`);
        return Array.from({ length: this.length }, (_, bar) => slot.history![bar]);
      },
      alerts: [],
      logs: [],
      declaration: {},
    };
  }

  run(): PineRun {
    for (this.bar = 0; this.bar < this.length; this.bar++) {
      this.broker.beforeBar(this.bar);
      this.program(this.global);
      this.global.commit(this.bar);
      for (const [name, history] of this.brokerHistory)
        history[this.bar] = this.broker.value(name.slice("strategy.".length));
    }
    return this.result;
  }

  private fail(message: string): never {
    throw new PineRuntimeError(message, this.line, this.bar);
  }

  private sequence(statements: readonly Statement[]): Code {
    const compiled = statements.map((statement) => this.statement(statement));
    return (frame) => {
      let last: unknown = undefined;
      for (const run of compiled) last = run(frame);
      return last;
    };
  }

  private statement(statement: Statement): Code {
    const at = statement.line;
    switch (statement.kind) {
      case "function": {
        const definition: UserFunction = {
          parameters: statement.parameters.map(({ name, type }) => ({
            name,
            type: baseType(type),
          })),
          body: () => undefined,
        };
        // Registered first, compiled after: a body may call functions defined above it only.
        this.functions.set(statement.name, definition);
        definition.body = this.sequence(statement.body);
        return () => undefined;
      }
      case "declare": {
        const value = this.expression(statement.value);
        const { names, tuple, mode } = statement;
        const declared = baseType(statement.type);
        return (frame) => {
          this.line = at;
          if (mode !== null) {
            if (frame.initialized.has(statement)) return undefined;
            frame.initialized.add(statement);
          }
          const result = value(frame);
          if (!tuple) this.declare(frame, names[0]!, declared, result);
          else {
            if (!Array.isArray(result) || result.length !== names.length)
              this.fail(`the tuple on the right does not have ${names.length} values`);
            names.forEach((name, index) => this.declare(frame, name, null, result[index]));
          }
          return undefined;
        };
      }
      case "assign": {
        const value = this.expression(statement.value);
        const { name, operator } = statement;
        const combine = operator === ":=" ? null : this.arithmetic(operator.slice(0, 1));
        return (frame) => {
          this.line = at;
          // A function may not assign the global scope's variables, as in Pine.
          const slot = frame.slots.get(name);
          if (slot === undefined) this.fail(`${name} is not a variable of this scope`);
          const result = value(frame);
          slot.value = combine === null ? result : combine(slot.value, result);
          this.checkType(slot.type, slot.value, name);
          return undefined;
        };
      }
      case "if": {
        const branches = statement.branches.map((branch) => ({
          condition: branch.condition === null ? null : this.condition(branch.condition),
          body: this.sequence(branch.body),
        }));
        return (frame) => {
          for (const branch of branches) {
            if (branch.condition === null || branch.condition(frame)) return branch.body(frame);
          }
          return undefined;
        };
      }
      case "for": {
        const from = this.number(statement.from);
        const to = this.number(statement.to);
        const step = statement.step === null ? null : this.number(statement.step);
        const body = this.sequence(statement.body);
        return (frame) => {
          const first = from(frame);
          const last = to(frame);
          const by = step === null ? (first <= last ? 1 : -1) : step(frame);
          for (let index = first; by > 0 ? index <= last : index >= last; index += by) {
            this.declare(frame, statement.variable, "int", index);
            if (this.loopBody(body, frame)) break;
          }
          return undefined;
        };
      }
      case "while": {
        const condition = this.condition(statement.condition);
        const body = this.sequence(statement.body);
        return (frame) => {
          for (let guard = 0; condition(frame); guard++) {
            if (guard > 1_000_000) this.fail("the while loop does not end");
            if (this.loopBody(body, frame)) break;
          }
          return undefined;
        };
      }
      case "break":
        return () => {
          throw new LoopSignal("break");
        };
      case "continue":
        return () => {
          throw new LoopSignal("continue");
        };
      case "expression": {
        const expression = this.expression(statement.expression);
        return (frame) => {
          this.line = at;
          return expression(frame);
        };
      }
    }
  }

  /** Runs a loop body once; true when it breaks out of the loop. */
  private loopBody(body: Code, frame: Frame): boolean {
    try {
      body(frame);
    } catch (signal) {
      if (!(signal instanceof LoopSignal)) throw signal;
      return signal.kind === "break";
    }
    return false;
  }

  /** Declares (or redeclares, each bar) a variable; `type` without its qualifier. */
  private declare(frame: Frame, name: string, type: string | null, value: unknown): void {
    this.checkType(type, value, name);
    const slot = frame.slots.get(name);
    if (slot === undefined) {
      const history = frame === this.global || this.historyNames.has(name) ? [] : null;
      frame.slots.set(name, { value, type, history });
    } else {
      slot.value = value;
      slot.type = type;
    }
  }

  private checkType(type: string | null, value: unknown, name: string): void {
    if (type === null) return;
    if (type === "int" || type === "float") {
      if (typeof value !== "number") this.fail(`${type} ${name} is given a ${typeof value}`);
      if (type === "int" && !Number.isNaN(value) && !Number.isInteger(value))
        this.fail(`int ${name} is given ${value}`);
    } else if (type === "bool" && typeof value !== "boolean")
      this.fail(`bool ${name} is given a ${typeof value}`);
    else if (type === "string" && typeof value !== "string")
      this.fail(`string ${name} is given a ${typeof value}`);
  }

  private condition(expression: Expression): (frame: Frame) => boolean {
    const code = this.expression(expression);
    return (frame) => {
      const value = code(frame);
      if (typeof value !== "boolean")
        this.fail(`a condition must be a bool (was a ${typeof value})`);
      return value;
    };
  }

  private number(expression: Expression): (frame: Frame) => number {
    const code = this.expression(expression);
    return (frame) => {
      const value = code(frame);
      if (typeof value !== "number") this.fail(`expected a number (was a ${typeof value})`);
      return value;
    };
  }

  private expression(expression: Expression): Code {
    switch (expression.kind) {
      case "number":
      case "string":
      case "bool": {
        const value = expression.value;
        return () => value;
      }
      case "tuple": {
        const items = expression.items.map((item) => this.expression(item));
        return (frame) => items.map((item) => item(frame));
      }
      case "name":
      case "member":
        return this.reader(expression);
      case "history": {
        const target = qualifiedName(expression.target);
        if (target !== null) this.historyNames.add(target);
        const offset = this.number(expression.offset);
        const read = this.historyReader(expression.target);
        return (frame) => {
          const barsAgo = offset(frame);
          if (!Number.isInteger(barsAgo) || barsAgo < 0)
            this.fail(`history offset ${barsAgo} is not a whole number >= 0`);
          if (barsAgo > this.maxBarsBack)
            this.fail(`history offset ${barsAgo} is beyond max_bars_back ${this.maxBarsBack}`);
          return read(frame, barsAgo);
        };
      }
      case "unary": {
        const operand = this.expression(expression.operand);
        const operator = expression.operator;
        return (frame) => {
          const value = operand(frame);
          if (operator === "not") {
            if (typeof value !== "boolean") this.fail("not needs a bool");
            return !value;
          }
          if (typeof value !== "number") this.fail(`unary ${operator} needs a number`);
          return operator === "-" ? -value : value;
        };
      }
      case "binary":
        return this.binary(expression);
      case "ternary": {
        const condition = this.condition(expression.condition);
        const then = this.expression(expression.then);
        const otherwise = this.expression(expression.otherwise);
        return (frame) => (condition(frame) ? then(frame) : otherwise(frame));
      }
      case "call":
        return this.call(expression);
    }
  }

  private binary(expression: Extract<Expression, { kind: "binary" }>): Code {
    const { operator } = expression;
    if (operator === "and" || operator === "or") {
      // Pine v6 evaluates and/or lazily.
      const left = this.condition(expression.left);
      const right = this.condition(expression.right);
      return operator === "and"
        ? (frame) => left(frame) && right(frame)
        : (frame) => left(frame) || right(frame);
    }
    const left = this.expression(expression.left);
    const right = this.expression(expression.right);
    const compare = comparisons[operator];
    if (compare !== undefined)
      return (frame) => {
        const a = left(frame);
        const b = right(frame);
        if (typeof a !== typeof b)
          this.fail(`${operator} compares a ${typeof a} with a ${typeof b}`);
        if (typeof a === "number" && (Number.isNaN(a) || Number.isNaN(b)))
          this.fail(`${operator} compares an undefined value (na): guard it with na()`);
        return compare(a, b);
      };
    const combine = this.arithmetic(operator);
    return (frame) => combine(left(frame), right(frame));
  }

  private arithmetic(operator: string): (a: unknown, b: unknown) => unknown {
    const apply = operations[operator];
    if (apply === undefined) throw new Error(`unknown operator ${operator}`);
    return (a, b) => {
      if (operator === "+" && typeof a === "string" && typeof b === "string") return a + b;
      if (typeof a !== "number" || typeof b !== "number")
        this.fail(`${operator} needs numbers (was a ${typeof a} and a ${typeof b})`);
      if (b === 0 && (operator === "/" || operator === "%")) this.fail(`${operator} by zero`);
      return apply(a, b);
    };
  }

  private reader(expression: Expression): Code {
    const read = this.historyReader(expression);
    return (frame) => read(frame, 0);
  }

  /** A variable or built-in, `barsAgo` bars back. */
  private historyReader(expression: Expression): (frame: Frame, barsAgo: number) => unknown {
    const name = qualifiedName(expression);
    if (name === null)
      throw new PineRuntimeError(
        "history of an expression that is not a name is not supported here",
        expression.line,
        -1,
      );
    const builtin = this.builtin(name);
    if (!this.declared.has(name)) return (_, barsAgo) => builtin(barsAgo);
    return (frame, barsAgo) => {
      const slot = frame.find(name);
      if (slot === undefined) return builtin(barsAgo);
      if (barsAgo === 0) return slot.value;
      const value = slot.history?.[this.bar - barsAgo];
      return value === undefined ? NaN : value;
    };
  }

  private builtin(name: string): (barsAgo: number) => unknown {
    const { bars } = this.options;
    const series = (values: ArrayLike<number>) => (barsAgo: number) => {
      const bar = this.bar - barsAgo;
      return bar < 0 ? NaN : values[bar]!;
    };
    switch (name) {
      case "na":
        return () => NaN;
      case "open":
      case "high":
      case "low":
      case "close":
      case "volume":
        return series(bars[name]);
      case "time":
        return series(bars.timestampMs);
      case "time_tradingday":
        return (barsAgo) => {
          const bar = this.bar - barsAgo;
          return bar < 0 ? NaN : Math.floor(bars.timestampMs[bar]! / dayMs) * dayMs;
        };
      case "bar_index":
        return (barsAgo) => this.bar - barsAgo;
      case "barstate.isfirst":
        return this.current(name, () => this.bar === 0);
      case "barstate.islastconfirmedhistory":
        return this.current(name, () => this.bar === this.length - 1);
    }
    const history = this.brokerHistory.get(name);
    if (history !== undefined) {
      const field = name.slice("strategy.".length);
      return (barsAgo) =>
        barsAgo === 0 ? this.broker.value(field) : (history[this.bar - barsAgo] ?? NaN);
    }
    if (name in this.constants) {
      const value = this.constants[name];
      return this.current(name, () => value);
    }
    // Unknown here: a user variable read before its declaration, or a built-in not covered.
    return () => this.fail(`${name} is not declared and not a built-in this interpreter knows`);
  }

  private current(name: string, value: () => unknown): (barsAgo: number) => unknown {
    return (barsAgo) => (barsAgo === 0 ? value() : this.fail(`no history of ${name} here`));
  }

  private call(expression: Extract<Expression, { kind: "call" }>): Code {
    const name = qualifiedName(expression.callee);
    if (name === null)
      throw new PineRuntimeError("only named functions can be called", expression.line, -1);
    const args = expression.args.map((argument) => ({
      name: argument.name,
      value: this.expression(argument.value),
    }));
    const user = this.functions.get(name);
    if (user !== undefined) {
      if (args.some((argument) => argument.name !== null))
        throw new PineRuntimeError(
          `${name} is called with named arguments; the generator passes them in order`,
          expression.line,
          -1,
        );
      if (args.length !== user.parameters.length)
        throw new PineRuntimeError(
          `${name} takes ${user.parameters.length} arguments (given ${args.length})`,
          expression.line,
          -1,
        );
      return (frame) => {
        const values: unknown[] = [];
        for (const argument of args) values.push(argument.value(frame));
        // Each call site keeps its own state, as in Pine.
        let child = frame.children.get(expression);
        if (child === undefined) {
          child = new Frame(this.global);
          frame.children.set(expression, child);
        }
        user.parameters.forEach((parameter, index) =>
          this.declare(child, parameter.name, parameter.type, values[index]),
        );
        const line = this.line;
        const result = user.body(child);
        child.commit(this.bar);
        this.line = line;
        return result;
      };
    }
    const builtin = this.builtinFunction(name);
    if (name === "na" && args.length === 1 && args[0]!.name === null) {
      const value = args[0]!.value;
      return (frame) => {
        const argument = value(frame);
        return typeof argument === "number" && Number.isNaN(argument);
      };
    }
    const hasNamed = args.some((argument) => argument.name !== null);
    const noNames: Record<string, unknown> = {};
    const call: Code = (frame) => {
      const positional: unknown[] = [];
      const named: Record<string, unknown> = hasNamed ? {} : noNames;
      for (const argument of args) {
        const value = argument.value(frame);
        if (argument.name === null) positional.push(value);
        else named[argument.name] = value;
      }
      return builtin(positional, named);
    };
    // The declaration statement takes effect once.
    return name === "strategy" ? (frame) => (this.bar === 0 ? call(frame) : undefined) : call;
  }

  private builtinFunction(
    name: string,
  ): (args: unknown[], named: Record<string, unknown>) => unknown {
    const numberAt = (args: unknown[], index: number) => {
      const value = args[index];
      if (typeof value !== "number") this.fail(`${name} argument ${index + 1} must be a number`);
      return value;
    };
    const utc = (field: (date: Date) => number) => (args: unknown[]) => {
      if (args[1] !== "UTC") this.fail(`${name} is only written with the "UTC" time zone`);
      return field(new Date(numberAt(args, 0)));
    };
    const math = (apply: (value: number) => number) => (args: unknown[]) =>
      apply(numberAt(args, 0));
    switch (name) {
      case "strategy":
        return (args, named) => {
          Object.assign(this.result.declaration, named, { title: args[0] });
          if (typeof named.max_bars_back === "number") this.maxBarsBack = named.max_bars_back;
          return undefined;
        };
      case "na":
        return (args) => typeof args[0] === "number" && Number.isNaN(args[0]);
      case "nz":
        return (args) =>
          typeof args[0] === "number" && Number.isNaN(args[0]) ? (args[1] ?? 0) : args[0];
      case "math.abs":
        return math(Math.abs);
      case "math.sqrt":
        return math(Math.sqrt);
      case "math.log":
        return math(Math.log);
      case "math.min":
      case "math.max":
        return (args) => {
          const values = args.map((_, index) => numberAt(args, index));
          if (values.some(Number.isNaN)) this.fail(`${name} of an undefined value`);
          return name === "math.min" ? Math.min(...values) : Math.max(...values);
        };
      case "dayofweek":
        return utc((date) => date.getUTCDay() + 1);
      case "dayofmonth":
        return utc((date) => date.getUTCDate());
      case "year":
        return utc((date) => date.getUTCFullYear());
      case "month":
        return utc((date) => date.getUTCMonth() + 1);
      case "str.contains":
        return (args) => String(args[0]).includes(String(args[1]));
      case "str.replace_all":
        return (args) => String(args[0]).split(String(args[1])).join(String(args[2]));
      case "str.upper":
        return (args) => String(args[0]).toUpperCase();
      case "str.tostring":
        return (args) => formatNumber(numberAt(args, 0), String(args[1]));
      case "input.string":
        return (args) => this.options.inputs?.[String(args[1])] ?? args[0];
      case "strategy.opentrades.entry_bar_index":
        return (args) => {
          if (args[0] !== 0) this.fail("only the open trade 0 is read here");
          return this.broker.value("opentrades.entry_bar_index");
        };
      case "timeframe.in_seconds":
        return () => this.options.timeframeSeconds;
      case "runtime.error":
        return (args) => this.fail(`runtime.error: ${String(args[0])}`);
      case "log.warning":
        return (args) => {
          this.result.logs.push({ bar: this.bar, message: String(args[0]) });
          return undefined;
        };
      case "alert":
        return (args) => {
          this.result.alerts.push({ bar: this.bar, message: String(args[0]), frequency: args[1] });
          return undefined;
        };
      case "strategy.entry":
      case "strategy.exit":
      case "strategy.close":
      case "strategy.cancel":
        return (args, named) => {
          for (const [key, value] of Object.entries(named))
            if (typeof value === "number" && !Number.isFinite(value))
              this.fail(`${name} argument ${key} is ${value}`);
          this.broker.order(name.slice("strategy.".length), args, named);
          return undefined;
        };
    }
    return () => this.fail(`unknown function ${name}`);
  }
}

const comparisons: Record<string, ((a: unknown, b: unknown) => boolean) | undefined> = {
  "==": (a, b) => a === b,
  "!=": (a, b) => a !== b,
  "<": (a, b) => (a as number) < (b as number),
  "<=": (a, b) => (a as number) <= (b as number),
  ">": (a, b) => (a as number) > (b as number),
  ">=": (a, b) => (a as number) >= (b as number),
};

const operations: Record<string, ((a: number, b: number) => number) | undefined> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
  "%": (a, b) => a % b,
};

function collectDeclared(statements: readonly Statement[], names: Set<string>): void {
  for (const statement of statements) {
    switch (statement.kind) {
      case "declare":
        statement.names.forEach((name) => names.add(name));
        break;
      case "function":
        statement.parameters.forEach((parameter) => names.add(parameter.name));
        collectDeclared(statement.body, names);
        break;
      case "for":
        names.add(statement.variable);
        collectDeclared(statement.body, names);
        break;
      case "while":
        collectDeclared(statement.body, names);
        break;
      case "if":
        statement.branches.forEach((branch) => collectDeclared(branch.body, names));
        break;
    }
  }
}

/** Pine's str.tostring for the two formats the generator writes: "0" and "0.##########". */
function formatNumber(value: number, format: string): string {
  const decimals = /^0(?:\.(#+))?$/.exec(format);
  if (decimals === null) throw new Error(`format ${format} is not supported here`);
  const fixed = value.toFixed(decimals[1]?.length ?? 0);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}
