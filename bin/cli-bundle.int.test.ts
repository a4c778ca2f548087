import { appendFile, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { runCli } from "../test/e2e/run-cli.ts";
import { bundledEntry } from "./cli-bundle.js";

/** A project of two modules: the entry re-exports what the other says and where it is. */
let root: string;
let cache: string;
const options = () => ({ root, entry: "src/main.ts", cache });
const load = async (entry: string) =>
  (await import(`${pathToFileURL(entry).href}?${Math.random()}`)) as {
    greeting: string;
    where: string;
  };
const bundles = async () => (await readdir(cache)).filter((name) => !name.endsWith(".json"));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "alphadesk-bundle-"));
  cache = join(root, "cache");
  await mkdir(join(root, "src/lib"), { recursive: true });
  await writeFile(join(root, "src/main.ts"), `export * from "./lib/greeting.ts";\n`);
  await writeFile(
    join(root, "src/lib/greeting.ts"),
    `export const greeting: string = "hello";\nexport const where = import.meta.url;\n`,
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the command line's bundle", () => {
  it("bundles the sources, each module keeping its own source's URL", async () => {
    const entry = await bundledEntry(options());
    expect(entry.startsWith(cache)).toBe(true);
    const bundle = await load(entry);
    expect(bundle.greeting).toBe("hello");
    // Paths a module finds beside itself (migrations, package.json) are its source's.
    expect(bundle.where).toBe(pathToFileURL(join(root, "src/lib/greeting.ts")).href);
  });

  it("reuses the bundle while the sources are unchanged, also when only their times changed", async () => {
    const first = await bundledEntry(options());
    expect(await bundledEntry(options())).toBe(first);
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, "src/lib/greeting.ts"), later, later);
    expect(await bundledEntry(options())).toBe(first);
    expect(await bundles()).toHaveLength(1);
  });

  it("makes a new bundle when a source changes, and again when its bundle is gone", async () => {
    const first = await bundledEntry(options());
    await appendFile(join(root, "src/lib/greeting.ts"), `export const added = 1;\n`);
    const second = await bundledEntry(options());
    expect(second).not.toBe(first);
    expect(Object.keys(await load(second))).toContain("added");

    await rm(join(second, ".."), { recursive: true });
    const third = await bundledEntry(options());
    expect(third).toBe(second);
    expect((await load(third)).greeting).toBe("hello");
  });

  it("refuses sources that do not compile, naming the problem", async () => {
    await writeFile(join(root, "src/lib/broken.ts"), `export const = ;\n`);
    await writeFile(join(root, "src/main.ts"), `export * from "./lib/broken.ts";\n`);
    await expect(bundledEntry(options())).rejects.toThrow(/Expected identifier|Unexpected/);
  });
});

describe("alphadesk without a bundle", () => {
  it("runs from source when asked to, and says its version", async () => {
    const result = await runCli(["--version"], { ALPHADESK_FROM_SOURCE: "1" });
    expect(result).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
  });
});
