import { createRequire } from "node:module";
import type * as TS from "typescript";

const require = createRequire(import.meta.url);
let loaded: typeof TS | undefined;

/**
 * The TypeScript compiler, loaded on its first use: loading it takes most of a second, which every
 * process importing the tool registry would otherwise pay though only this target needs it.
 */
export const ts = new Proxy({} as typeof TS, {
  get: (_target, key) => Reflect.get((loaded ??= require("typescript") as typeof TS), key),
});
