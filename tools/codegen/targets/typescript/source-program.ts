import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";
import { ts } from "./compiler.ts";

/** The repository's root, found from this file rather than the working directory. */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/**
 * The modules a generated TypeScript program may embed declarations from: the program's own
 * runtime (program/), and what the strategy part calls directly. Their relative imports are
 * followed, so every engine module they reach is in the set too.
 */
const entryModules = [
  "tools/codegen/targets/typescript/program/main.ts",
  "engine/indicators/catalog.ts",
  "engine/strategy/compile.ts",
  "engine/strategy/expressions.ts",
  "engine/strategy/rules.ts",
];

/** The parsed sources, bound and resolvable: one per process, as the files do not change under it. */
export interface SourceProgram {
  checker: TS.TypeChecker;
  /** A module by its repository-relative path (forward slashes). */
  file(path: string): TS.SourceFile;
  /** The repository-relative path of a parsed module. */
  pathOf(file: TS.SourceFile): string;
  /** Whether a module is part of the set (else it is a package or a module left out). */
  has(file: TS.SourceFile): boolean;
}

let cached: SourceProgram | undefined;

/**
 * Parses the runtime's modules and the engine modules they import with the TypeScript compiler
 * API: no lib and no packages (their imports stay unresolved and are kept as imports), so this
 * takes a fraction of a second.
 */
export function sourceProgram(): SourceProgram {
  cached ??= createSourceProgram();
  return cached;
}

function createSourceProgram(): SourceProgram {
  const rootNames = [...moduleClosure(entryModules.map((path) => join(repositoryRoot, path)))];
  const program = ts.createProgram({
    rootNames,
    options: {
      noLib: true,
      noResolve: true,
      types: [],
      noEmit: true,
      allowImportingTsExtensions: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
    },
  });
  const checker = program.getTypeChecker();
  const files = new Set(rootNames.map((name) => program.getSourceFile(name)!));
  const pathOf = (file: TS.SourceFile) =>
    relative(repositoryRoot, file.fileName).replaceAll("\\", "/");
  return {
    checker,
    file(path) {
      const found = program.getSourceFile(join(repositoryRoot, path));
      if (!found || !files.has(found))
        throw new RangeError(`${path} is not among the modules a generated program may embed`);
      return found;
    },
    pathOf,
    has: (file) => files.has(file),
  };
}

/** The modules and every module they import by a relative path, transitively. */
function moduleClosure(entries: readonly string[]): Set<string> {
  const found = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (found.has(path)) continue;
    found.add(path);
    const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      if (
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
        statement.moduleSpecifier &&
        ts.isStringLiteral(statement.moduleSpecifier) &&
        statement.moduleSpecifier.text.startsWith(".")
      )
        pending.push(resolve(dirname(path), statement.moduleSpecifier.text));
    }
  }
  return found;
}
