import type * as TS from "typescript";
import { ts } from "./compiler.ts";
import type { IndicatorName } from "../../../../engine/indicators/catalog.ts";
import type { DeclarationRef } from "./embed.ts";
import { sourceProgram, type SourceProgram } from "./source-program.ts";

/** TypeScript for one engine computation, and the top-level declarations it calls. */
export interface EngineCall {
  code: string;
  refs: DeclarationRef[];
}

const catalogModule = "engine/indicators/catalog.ts";
const expressionsModule = "engine/strategy/expressions.ts";
let printer: TS.Printer | undefined;

/**
 * The call the engine's indicator catalog makes for an indicator, read from the catalog's own
 * `compute` function: `(b, s, q) => atr(b.high, b.low, b.close, p(q, "period"))` becomes
 * `atr(bars.high, bars.low, bars.close, 14)`, with `bars` for the bars, `source` for the series
 * it is computed on and each `p(q, name)` replaced by the parameter's value. A multi-output
 * indicator's `({ ...macd(...) })` becomes `macd(...)`, whose lines the caller picks. The
 * output buffer the catalog passes on (its fourth parameter) is dropped: generated code allocates.
 */
export function indicatorCall(
  name: IndicatorName,
  parameters: Readonly<Record<string, number>>,
  source: string,
): EngineCall {
  const program = sourceProgram();
  const compute = catalogCompute(program, name);
  const [inputs, series, params, out] = compute.parameters.map((parameter) =>
    parameter.name.getText(),
  );
  const body = returnedExpression(compute.body, `${name}'s compute`);
  const refs = topLevelReferences(program, body, new Set(["p", inputs!, series!, params!]));
  const isOut = (node: TS.Node) => ts.isIdentifier(node) && node.text === out;
  const substitute = (node: TS.Node, visit: (node: TS.Node) => TS.Node): TS.Node | undefined => {
    if (ts.isCallExpression(node) && node.arguments.some(isOut))
      return ts.factory.createCallExpression(
        visit(node.expression) as TS.Expression,
        node.typeArguments,
        node.arguments.filter((argument) => !isOut(argument)).map(visit) as TS.Expression[],
      );
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "p" &&
      node.arguments.length === 2 &&
      ts.isStringLiteral(node.arguments[1]!)
    ) {
      const parameter = (node.arguments[1] as TS.StringLiteral).text;
      const value = parameters[parameter];
      if (value === undefined) throw new RangeError(`${name} has no value for "${parameter}"`);
      return ts.factory.createNumericLiteral(String(value));
    }
    if (
      ts.isParenthesizedExpression(node) &&
      ts.isObjectLiteralExpression(node.expression) &&
      node.expression.properties.length === 1 &&
      ts.isSpreadAssignment(node.expression.properties[0]!)
    )
      return visit((node.expression.properties[0] as TS.SpreadAssignment).expression);
    if (ts.isIdentifier(node) && !isPropertyName(node)) {
      if (node.text === inputs) return ts.factory.createIdentifier("bars");
      if (node.text === series) return ts.factory.createIdentifier(source);
      if (node.text === params)
        throw new RangeError(
          `${name}'s compute reads its parameters other than through p(q, name)`,
        );
    }
    return undefined;
  };
  return { code: print(body, substitute), refs };
}

/** The engine's expression for a derived price (hl2, hlc3, ohlc4), on `bars`. */
export function priceCall(field: string): EngineCall {
  const program = sourceProgram();
  const evaluator = topLevel(program, expressionsModule, "ExpressionEvaluator");
  const method = ts.isClassDeclaration(evaluator)
    ? evaluator.members.find(
        (member): member is TS.MethodDeclaration =>
          ts.isMethodDeclaration(member) && member.name.getText() === "price",
      )
    : undefined;
  const clause = method?.body?.statements
    .flatMap((statement) => (ts.isSwitchStatement(statement) ? statement.caseBlock.clauses : []))
    .find(
      (candidate): candidate is TS.CaseClause =>
        ts.isCaseClause(candidate) &&
        ts.isStringLiteral(candidate.expression) &&
        candidate.expression.text === field,
    );
  const returned = clause?.statements.find(ts.isReturnStatement)?.expression;
  if (!returned)
    throw new RangeError(`ExpressionEvaluator.price has no case for "${field}" to embed`);
  // The bar fields are destructured from `this.bars` at the top of the method.
  const substitute = (node: TS.Node): TS.Node | undefined => {
    if (!ts.isIdentifier(node) || isPropertyName(node)) return undefined;
    const declaration = program.checker.getSymbolAtLocation(node)?.declarations?.[0];
    return declaration && ts.isBindingElement(declaration)
      ? ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("bars"), node.text)
      : undefined;
  };
  return { code: print(returned, substitute), refs: [] };
}

function catalogCompute(program: SourceProgram, name: string): TS.ArrowFunction {
  const catalog = topLevel(program, catalogModule, "indicatorCatalog");
  let table = ts.isVariableStatement(catalog)
    ? catalog.declarationList.declarations[0]?.initializer
    : undefined;
  while (table && (ts.isSatisfiesExpression(table) || ts.isAsExpression(table)))
    table = table.expression;
  if (!table || !ts.isObjectLiteralExpression(table))
    throw new RangeError(`${catalogModule}: indicatorCatalog is not an object literal`);
  const entry = table.properties.find(
    (property): property is TS.PropertyAssignment =>
      ts.isPropertyAssignment(property) && property.name.getText() === name,
  )?.initializer;
  let compute: TS.Expression | undefined;
  if (entry && ts.isCallExpression(entry)) compute = entry.arguments[1];
  else if (entry && ts.isObjectLiteralExpression(entry))
    compute = entry.properties.find(
      (property): property is TS.PropertyAssignment =>
        ts.isPropertyAssignment(property) && property.name.getText() === "compute",
    )?.initializer;
  if (!compute || !ts.isArrowFunction(compute) || compute.parameters.length === 0)
    throw new RangeError(`${catalogModule}: no compute function found for ${name}`);
  return compute;
}

function topLevel(program: SourceProgram, module: string, name: string): TS.Statement {
  const statement = program
    .file(module)
    .statements.find(
      (candidate) =>
        (ts.isVariableStatement(candidate) &&
          candidate.declarationList.declarations.some((d) => d.name.getText() === name)) ||
        ((ts.isClassDeclaration(candidate) || ts.isFunctionDeclaration(candidate)) &&
          candidate.name?.text === name),
    );
  if (!statement) throw new RangeError(`${module} declares no top-level ${name}`);
  return statement;
}

function returnedExpression(body: TS.ConciseBody, what: string): TS.Expression {
  if (!ts.isBlock(body)) return body;
  const [only] = body.statements;
  if (body.statements.length === 1 && only && ts.isReturnStatement(only) && only.expression)
    return only.expression;
  throw new RangeError(`${what} is not a single expression`);
}

/** Top-level declarations an expression refers to (through imports too), minus `skipped` names. */
function topLevelReferences(
  program: SourceProgram,
  root: TS.Node,
  skipped: ReadonlySet<string>,
): DeclarationRef[] {
  const refs = new Map<string, DeclarationRef>();
  const visit = (node: TS.Node) => {
    if (ts.isIdentifier(node) && !isPropertyName(node) && !skipped.has(node.text)) {
      let symbol = program.checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias)
        symbol = program.checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.[0];
      const statement =
        declaration && ts.isVariableDeclaration(declaration)
          ? declaration.parent.parent
          : declaration;
      if (statement && ts.isSourceFile(statement.parent)) {
        const ref = { module: program.pathOf(statement.getSourceFile()), name: node.text };
        refs.set(`${ref.module}:${ref.name}`, ref);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return [...refs.values()];
}

/** `b` in `a.b`, `{ b: ... }`: a member's name, not a reference. */
function isPropertyName(node: TS.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node)
  );
}

/** Prints an expression with nodes swapped by `substitute` (which sees the original nodes). */
function print(
  root: TS.Expression,
  substitute: (node: TS.Node, visit: (node: TS.Node) => TS.Node) => TS.Node | undefined,
): string {
  const transformed = ts.transform(root, [
    (context) => {
      const visit = (node: TS.Node): TS.Node =>
        substitute(node, visit) ?? ts.visitEachChild(node, visit, context);
      return (node) => ts.visitNode(node, visit) as TS.Expression;
    },
  ]);
  const [result] = transformed.transformed;
  printer ??= ts.createPrinter({ removeComments: true });
  const text = printer.printNode(ts.EmitHint.Expression, result!, root.getSourceFile());
  transformed.dispose();
  return text;
}
