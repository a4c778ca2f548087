#!/usr/bin/env node
// The `alphadesk` command. There is no build step: the TypeScript sources run from a bundle made
// when they change (cli-bundle.js), or through tsx where no bundle can be made or
// ALPHADESK_FROM_SOURCE=1 asks for it (stack traces then name the .ts files).
import { pathToFileURL } from "node:url";
import { bundledEntry } from "./cli-bundle.js";

const entry =
  process.env.ALPHADESK_FROM_SOURCE === "1"
    ? undefined
    : await bundledEntry().catch((error) => {
        process.stderr.write(`alphadesk: running from source (no bundle: ${error.message})\n`);
        return undefined;
      });
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./alphadesk.ts");
}
