import { dirname, join, normalize } from "node:path";

export interface SourceFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  source: string;
}

export interface Violation {
  path: string;
  specifier: string;
  rule: string;
}

const rooms = [
  "engine",
  "tools",
  "research",
  "agent",
  "mcp-server",
  "bots",
  "bin",
  "test",
  "bench",
] as const;
type Room = (typeof rooms)[number];

/** Which rooms each room may import (ARCHITECTURE.md: engine <- tools <- agent <- bots; bin imports everything). */
const allowedRooms: Record<Room, readonly Room[]> = {
  engine: ["engine"],
  tools: ["engine", "tools"],
  research: ["engine", "tools", "research"],
  agent: ["engine", "tools", "research", "agent"],
  "mcp-server": ["engine", "tools", "research", "mcp-server"],
  bots: ["engine", "tools", "research", "agent", "bots"],
  bin: ["engine", "tools", "research", "agent", "mcp-server", "bots", "bin"],
  test: ["engine", "tools", "research", "agent", "mcp-server", "bots", "test"],
  bench: ["engine", "tools", "research", "agent", "bench", "test"],
};

const importPattern =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;
/** What makes code impure: clock, environment, unseeded randomness. */
const impureGlobals = /\b(?:process\.|Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\()/;

export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(importPattern))
    specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

function roomOf(path: string): Room | undefined {
  return rooms.find((room) => path === room || path.startsWith(`${room}/`));
}

const isTest = (path: string) => /\.test\.ts$/.test(path) || path.startsWith("test/");

/**
 * Checks ARCHITECTURE.md's dependency rule: engine/ imports nothing outside itself, no
 * packages or node modules, and touches no clock, env or unseeded randomness; tools/ never
 * imports an adapter (outside tools/adapters and the test files that build adapters); nothing imports bin/.
 */
export function findViolations(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const room = roomOf(file.path);
    if (!room) continue;
    const test = isTest(file.path);
    for (const specifier of importsOf(file.source)) {
      const relative = specifier.startsWith(".");
      const target = relative
        ? normalize(join(dirname(file.path), specifier)).replaceAll("\\", "/")
        : undefined;
      const targetRoom = target ? roomOf(target) : undefined;
      if (room === "engine" && !test && !relative) {
        violations.push({
          path: file.path,
          specifier,
          rule: "engine/ imports no packages or node modules",
        });
      }
      // The package manifest (the version) is the one file outside the rooms code may read.
      const manifest = target === "package.json" && room !== "engine";
      if (target && targetRoom === undefined && !target.startsWith("node_modules") && !manifest) {
        violations.push({
          path: file.path,
          specifier,
          rule: "imports must stay inside the repository's rooms",
        });
      }
      const testSupport = test && targetRoom === "test";
      // The registry is where research's tools join the others (ARCHITECTURE.md).
      const registryJoin = file.path === "tools/index.ts" && targetRoom === "research";
      if (targetRoom && !testSupport && !registryJoin && !allowedRooms[room].includes(targetRoom)) {
        violations.push({
          path: file.path,
          specifier,
          rule: `${room}/ may not import ${targetRoom}/`,
        });
      }
      const importsAdapter = target?.startsWith("tools/adapters/") ?? false;
      const mayImportAdapters =
        file.path.startsWith("tools/adapters/") || room === "bin" || test || room === "bench";
      if (importsAdapter && !mayImportAdapters) {
        violations.push({
          path: file.path,
          specifier,
          rule: "only bin/ (and tests) construct adapters; depend on tools/ports",
        });
      }
    }
    if (
      room === "engine" &&
      !test &&
      impureGlobals.test(file.source.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ""))
    ) {
      violations.push({
        path: file.path,
        specifier: "(global)",
        rule: "engine/ touches no clock, environment or unseeded randomness",
      });
    }
  }
  return violations;
}
