import type * as TS from "typescript";
import { ts } from "./compiler.ts";
import { sourceProgram, type SourceProgram } from "./source-program.ts";

/** A top-level declaration of a module, by the module's repository-relative path and its name. */
export interface DeclarationRef {
  module: string;
  name: string;
  /** "type" when the code using it needs only its type (a class then becomes an interface). */
  use?: Use;
}

/** Declarations lifted out of their modules into one file, and the imports they need. */
export interface EmbeddedSource {
  /** `import` declarations of packages and Node built-ins, one per module specifier. */
  imports: string[];
  /** The declarations, each module's together under a comment naming it, in dependency order. */
  code: string;
  /** Every top-level name the code declares. */
  declared: string[];
  /** Every top-level name the code declares or imports. */
  names: Set<string>;
}

/** Packages a generated program may import: the Alpaca SDK and Node's built-ins. */
const allowedPackages = (specifier: string) =>
  specifier === "@alpacahq/alpaca-trade-api" || specifier.startsWith("node:");

/** A top-level statement that declares something: one unit of embedding. */
interface Unit {
  statement: TS.Statement;
  file: TS.SourceFile;
  names: string[];
}

export type Use = "value" | "type";

/** What a unit refers to: other units (and how), and imported package bindings. */
interface References {
  units: Map<Unit, Use>;
  packages: PackageBinding[];
}

interface PackageBinding {
  specifier: string;
  /** The exported name, `*` for a namespace import, `default` for a default import. */
  imported: string;
  local: string;
  use: Use;
}

/**
 * Embeds the named declarations and everything they refer to, transitively, as source text
 * without import or export syntax: the engine's own code, not a copy of it. References are
 * resolved by the type checker (so locals, members and shadowing never count), then:
 * - a class that is only ever used as a type becomes an interface of its public fields;
 * - the same name declared twice with the same text (a shared `dayMs` constant) is kept once,
 *   with different text it is an error naming both modules;
 * - packages other than the Alpaca SDK and Node's built-ins are an error naming the declaration.
 */
export function embedDeclarations(roots: readonly DeclarationRef[]): EmbeddedSource {
  const source = sourceProgram();
  const analysis = (cachedAnalysis ??= new Analysis(source));
  const uses = new Map<Unit, Use>();
  const pending: [Unit, Use][] = roots.map((root) => [analysis.unit(root), root.use ?? "value"]);
  while (pending.length > 0) {
    const [unit, use] = pending.shift()!;
    const known = uses.get(unit);
    if (known === "value" || known === use) continue;
    uses.set(unit, use);
    const references = analysis.references(unit, use);
    for (const [target, targetUse] of references.units) pending.push([target, targetUse]);
  }
  const units = orderUnits(
    analysis,
    uses,
    roots.map((root) => analysis.unit(root)),
    (file) => source.pathOf(file).startsWith("engine/"),
  );
  const names = new Map<string, { unit: Unit; text: string }>();
  const sections: string[] = [];
  let module: TS.SourceFile | undefined;
  let section: string[] = [];
  const bindings: PackageBinding[] = [];
  for (const unit of units) {
    const text = uses.get(unit) === "type" ? analysis.typeOnly(unit) : withoutExport(unit);
    // A const and a type of one name in one module are one merged declaration, not a clash.
    const duplicate = unit.names
      .map((name) => names.get(name))
      .find((known) => known !== undefined && known.unit.file !== unit.file);
    if (duplicate) {
      if (comparable(duplicate.text) === comparable(text)) continue;
      throw new RangeError(
        `top-level name "${unit.names.find((name) => names.has(name))}" is declared by both ${source.pathOf(duplicate.unit.file)} and ${source.pathOf(unit.file)}, with different code: a generated program cannot embed both (rename one of them)`,
      );
    }
    for (const name of unit.names) names.set(name, { unit, text });
    bindings.push(...analysis.references(unit, uses.get(unit)!).packages);
    if (unit.file !== module) {
      if (section.length > 0) sections.push(section.join("\n\n"));
      module = unit.file;
      section = [`// ${source.pathOf(unit.file)}`];
    }
    section.push(text);
  }
  if (section.length > 0) sections.push(section.join("\n\n"));
  const imports = packageImports(bindings);
  for (const binding of bindings) {
    const declared = names.get(binding.local);
    if (declared)
      throw new RangeError(
        `"${binding.local}" is both imported from ${binding.specifier} and declared in ${source.pathOf(declared.unit.file)}`,
      );
  }
  return {
    imports,
    code: sections.join("\n\n"),
    declared: [...names.keys()],
    names: new Set([...names.keys(), ...bindings.map((binding) => binding.local)]),
  };
}

let cachedAnalysis: Analysis | undefined;

/** Resolves declarations and their references, memoized per unit for the process. */
class Analysis {
  private readonly units = new Map<TS.Statement, Unit>();
  private readonly cache = new Map<string, References>();

  constructor(private readonly source: SourceProgram) {}

  unit(ref: DeclarationRef): Unit {
    const file = this.source.file(ref.module);
    const statement = file.statements.find((candidate) =>
      declaredNames(candidate).includes(ref.name),
    );
    if (!statement) throw new RangeError(`${ref.module} declares no top-level "${ref.name}"`);
    return this.unitOf(statement);
  }

  unitOf(statement: TS.Statement): Unit {
    let unit = this.units.get(statement);
    if (!unit) {
      unit = { statement, file: statement.getSourceFile(), names: declaredNames(statement) };
      this.units.set(statement, unit);
    }
    return unit;
  }

  /** What a unit needs: as a type-only class, only its public fields' types count. */
  references(unit: Unit, use: Use): References {
    const key = `${unit.file.fileName}:${unit.statement.pos}:${use}`;
    let found = this.cache.get(key);
    if (!found) {
      found = { units: new Map(), packages: [] };
      const nodes =
        use === "type" && ts.isClassDeclaration(unit.statement)
          ? publicFields(unit.statement).map((field) => field.type!)
          : [unit.statement];
      for (const node of nodes) this.collect(node, unit, found);
      this.cache.set(key, found);
    }
    return found;
  }

  /** A class used only as a type, as an interface of its public fields. */
  typeOnly(unit: Unit): string {
    const statement = unit.statement;
    if (!ts.isClassDeclaration(statement)) return withoutExport(unit);
    const name = statement.name!.text;
    const fields = publicFields(statement).map((field) => {
      const readonly = field.modifiers?.some(
        (modifier) => modifier.kind === ts.SyntaxKind.ReadonlyKeyword,
      );
      return `  ${readonly ? "readonly " : ""}${field.name.getText()}: ${field.type!.getText()};`;
    });
    return [
      `/** The fields of the engine's ${name} that the code here reads and writes (a type only). */`,
      `interface ${name} {`,
      ...fields,
      "}",
    ].join("\n");
  }

  private collect(root: TS.Node, unit: Unit, into: References): void {
    const visit = (node: TS.Node): void => {
      if (ts.isIdentifier(node)) this.resolve(node, unit, into);
      ts.forEachChild(node, visit);
    };
    visit(root);
  }

  private resolve(identifier: TS.Identifier, unit: Unit, into: References): void {
    const { checker } = this.source;
    const parent = identifier.parent;
    let symbol =
      ts.isShorthandPropertyAssignment(parent) && parent.name === identifier
        ? checker.getShorthandAssignmentValueSymbol(parent)
        : checker.getSymbolAtLocation(identifier);
    if (!symbol) return;
    const use = usedAs(identifier, unit.statement);
    if (symbol.flags & ts.SymbolFlags.Alias) {
      const alias = symbol.declarations?.[0];
      // `export { x }` lists, not references.
      if (!alias || ts.isExportSpecifier(alias)) return;
      const target = checker.getAliasedSymbol(symbol);
      const declaration = target.declarations?.[0];
      if (!declaration || !this.source.has(declaration.getSourceFile())) {
        into.packages.push(this.packageBinding(alias, identifier, unit, use));
        return;
      }
      if (alias && ts.isImportSpecifier(alias) && alias.propertyName) {
        throw new RangeError(
          `${this.source.pathOf(unit.file)} imports ${alias.propertyName.text} as ${alias.name.text}: embedded code keeps declarations' own names, so import it without renaming`,
        );
      }
      symbol = target;
    }
    for (const declaration of symbol.declarations ?? []) {
      const statement = topLevelStatement(declaration);
      if (!statement || statement === unit.statement) continue;
      if (!this.source.has(statement.getSourceFile())) continue;
      const target = this.unitOf(statement);
      if (into.units.get(target) !== "value") into.units.set(target, use);
    }
  }

  private packageBinding(
    alias: TS.Declaration,
    identifier: TS.Identifier,
    unit: Unit,
    use: Use,
  ): PackageBinding {
    let importDeclaration: TS.Node = alias;
    while (!ts.isImportDeclaration(importDeclaration)) importDeclaration = importDeclaration.parent;
    const specifier = (importDeclaration.moduleSpecifier as TS.StringLiteral).text;
    if (specifier.startsWith(".")) {
      throw new RangeError(
        `${this.source.pathOf(unit.file)} uses ${identifier.text} from ${specifier}, a module the generated program does not embed`,
      );
    }
    if (!allowedPackages(specifier)) {
      throw new RangeError(
        `${declaredNames(unit.statement).join(", ")} (${this.source.pathOf(unit.file)}) needs the package ${specifier}; a generated program may import only @alpacahq/alpaca-trade-api and Node's built-ins`,
      );
    }
    const imported = ts.isImportSpecifier(alias)
      ? (alias.propertyName ?? alias.name).text
      : ts.isNamespaceImport(alias)
        ? "*"
        : "default";
    return { specifier, imported, local: identifier.text, use };
  }
}

/** Type positions (annotations, `implements`) need only the type; everything else the value. */
function usedAs(identifier: TS.Identifier, statement: TS.Statement): Use {
  for (let node: TS.Node = identifier; node !== statement; node = node.parent) {
    const parent = node.parent;
    if (ts.isTypeQueryNode(node)) return "value";
    if (ts.isExpressionWithTypeArguments(node)) {
      const clause = parent as TS.HeritageClause;
      return clause.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(clause.parent)
        ? "value"
        : "type";
    }
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node))
      return "type";
  }
  return "value";
}

/** The statement directly under the source file that holds a declaration, if it is one. */
function topLevelStatement(declaration: TS.Declaration): TS.Statement | undefined {
  let node: TS.Node = declaration;
  // `const [a, b] = ...` declares a and b by binding elements.
  while (
    ts.isBindingElement(node) ||
    ts.isArrayBindingPattern(node) ||
    ts.isObjectBindingPattern(node)
  )
    node = node.parent;
  // Only declarations that are themselves top-level count: members and locals have a deeper parent.
  if (ts.isVariableDeclaration(node)) node = node.parent.parent;
  if (!ts.isSourceFile(node.parent)) return undefined;
  const statement = node as TS.Statement;
  return declaredNames(statement).length > 0 ? statement : undefined;
}

function declaredNames(statement: TS.Statement): string[] {
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.flatMap((declaration) =>
      bindingNames(declaration.name),
    );
  if (
    (ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement)) &&
    statement.name
  )
    return [statement.name.text];
  return [];
}

function bindingNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : bindingNames(element.name),
  );
}

function publicFields(
  declaration: TS.ClassDeclaration,
): (TS.PropertyDeclaration | TS.ParameterDeclaration)[] {
  const hidden = (node: TS.HasModifiers) =>
    ts
      .getModifiers(node)
      ?.some((modifier) =>
        [
          ts.SyntaxKind.PrivateKeyword,
          ts.SyntaxKind.ProtectedKeyword,
          ts.SyntaxKind.StaticKeyword,
        ].includes(modifier.kind),
      ) ?? false;
  const fields: (TS.PropertyDeclaration | TS.ParameterDeclaration)[] = [];
  for (const member of declaration.members) {
    if (ts.isPropertyDeclaration(member) && !hidden(member) && !ts.isPrivateIdentifier(member.name))
      fields.push(member);
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        const isField = ts
          .getModifiers(parameter)
          ?.some((modifier) =>
            [ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ReadonlyKeyword].includes(modifier.kind),
          );
        if (isField && !hidden(parameter)) fields.push(parameter);
      }
    }
  }
  for (const field of fields) {
    if (!field.type)
      throw new RangeError(
        `${declaration.name?.text}.${field.name.getText()} has no type annotation, so the class cannot be embedded as a type`,
      );
  }
  return fields;
}

/** The statement's text with its leading comments and without `export`. */
function withoutExport(unit: Unit): string {
  const { statement, file } = unit;
  const text = file.text;
  const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  const start = comments[0]?.pos ?? statement.getStart(file);
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  const exported = modifiers?.find((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
  if (modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword))
    throw new RangeError(`${unit.names.join(", ")}: a default export cannot be embedded`);
  if (!exported) return text.slice(start, statement.end);
  const exportEnd = exported.end + (/^\s*/.exec(text.slice(exported.end))?.[0].length ?? 0);
  return text.slice(start, exported.getStart(file)) + text.slice(exportEnd, statement.end);
}

/** Code without comments and spacing, to tell a repeated constant from a clash. */
function comparable(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Modules ordered so that a module comes after the modules whose values its declarations use
 * (a top-level initializer may call them), from the roots' modules in order; each module's
 * declarations stay in source order.
 */
function orderUnits(
  analysis: Analysis,
  uses: Map<Unit, Use>,
  roots: Unit[],
  isEngine: (file: TS.SourceFile) => boolean,
): Unit[] {
  const byFile = new Map<TS.SourceFile, Unit[]>();
  for (const unit of uses.keys()) {
    const list = byFile.get(unit.file) ?? [];
    list.push(unit);
    byFile.set(unit.file, list);
  }
  const ordered: TS.SourceFile[] = [];
  const visiting = new Set<TS.SourceFile>();
  const visit = (file: TS.SourceFile) => {
    if (visiting.has(file)) return;
    visiting.add(file);
    const needs = new Set<TS.SourceFile>();
    for (const unit of byFile.get(file) ?? []) {
      for (const [target, use] of analysis.references(unit, uses.get(unit)!).units) {
        if (use === "value" && target.file !== file && byFile.has(target.file))
          needs.add(target.file);
      }
    }
    for (const needed of [...needs].sort(byName)) visit(needed);
    ordered.push(file);
  };
  for (const root of roots) visit(root.file);
  for (const file of [...byFile.keys()].sort(byName)) visit(file);
  // The engine first: it imports nothing outside itself, so this keeps the dependency order.
  const engineFirst = [
    ...ordered.filter((file) => isEngine(file)),
    ...ordered.filter((file) => !isEngine(file)),
  ];
  return engineFirst.flatMap((file) =>
    [...byFile.get(file)!].sort((a, b) => a.statement.pos - b.statement.pos),
  );
}

const byName = (a: TS.SourceFile, b: TS.SourceFile) => a.fileName.localeCompare(b.fileName);

/** One import declaration per package, names sorted; `type` where only types are used. */
function packageImports(bindings: readonly PackageBinding[]): string[] {
  const bySpecifier = new Map<string, Map<string, PackageBinding>>();
  for (const binding of bindings) {
    const list = bySpecifier.get(binding.specifier) ?? new Map<string, PackageBinding>();
    const key = `${binding.imported} ${binding.local}`;
    const known = list.get(key);
    if (!known || binding.use === "value") list.set(key, binding);
    bySpecifier.set(binding.specifier, list);
  }
  return [...bySpecifier.keys()].sort().map((specifier) => {
    const list = [...bySpecifier.get(specifier)!.values()];
    const namespace = list.find((binding) => binding.imported === "*");
    if (namespace) return `import * as ${namespace.local} from "${specifier}";`;
    const named = list
      .filter((binding) => binding.imported !== "default")
      .sort((a, b) => a.local.localeCompare(b.local))
      .map((binding) => {
        const name =
          binding.imported === binding.local
            ? binding.local
            : `${binding.imported} as ${binding.local}`;
        return binding.use === "type" ? `type ${name}` : name;
      });
    const fallback = list.find((binding) => binding.imported === "default");
    const parts = [
      ...(fallback ? [fallback.local] : []),
      ...(named.length > 0 ? [`{ ${named.join(", ")} }`] : []),
    ];
    return `import ${parts.join(", ")} from "${specifier}";`;
  });
}
