import { createHash } from "node:crypto";
import {
  indicatorCatalog,
  withDefaults,
  type IndicatorName,
} from "../../../../engine/indicators/catalog.ts";
import { planRefs } from "./compile-plan.ts";
import { embedDeclarations, type DeclarationRef, type EmbeddedSource } from "./embed.ts";
import { indicatorCall } from "./engine-calls.ts";

const program = "tools/codegen/targets/typescript/program";

/** What every program embeds besides its strategy's calls: the command line and its exports. */
export const programRefs: readonly DeclarationRef[] = [
  { module: `${program}/main.ts`, name: "main" },
  { module: `${program}/main.ts`, name: "invokedDirectly" },
  { module: `${program}/replay.ts`, name: "replay" },
  { module: `${program}/csv.ts`, name: "readBarsCsvText" },
  { module: `${program}/live/settings.ts`, name: "liveSettings" },
  { module: `${program}/strategy.ts`, name: "CompiledStrategy", use: "type" },
];

let full: EmbeddedSource | undefined;
let version: string | undefined;

/** The runtime with everything a compiled strategy can call: each program embeds part of it. */
export function fullRuntime(): EmbeddedSource {
  if (full === undefined) {
    const indicators = (Object.keys(indicatorCatalog) as IndicatorName[]).flatMap(
      (name) => indicatorCall(name, withDefaults(name, {}), "source").refs,
    );
    full = embedDeclarations([...programRefs, ...planRefs, ...indicators]);
  }
  return full;
}

/**
 * The first 8 hex digits of the sha256 of the full runtime: it changes whenever an embedded
 * declaration does, so a generated file's version says which engine source it carries.
 */
export function runtimeVersion(): string {
  if (version === undefined) {
    const runtime = fullRuntime();
    const text = [...runtime.imports, runtime.code].join("\n");
    version = createHash("sha256").update(text).digest("hex").slice(0, 8);
  }
  return version;
}
