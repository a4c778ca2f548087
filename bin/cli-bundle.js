import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The command line as one esbuild bundle of its TypeScript sources (split where it loads code on
 * demand), kept in node_modules/.cache/alphadesk-cli under a hash of the sources it holds. Run
 * through tsx's loader instead, each of some 530 modules is resolved and loaded through a loader
 * thread: about a second more per command. A changed source makes a new bundle (about half a
 * second); older ones are kept a while for processes still loading from them.
 *
 * Plain JavaScript: it runs before anything can load TypeScript.
 */

/** @typedef {{ root: string, entry: string, cache: string }} Place */
/** @typedef {[size: number, mtimeMs: number]} Stamp */
/** @typedef {{ version: number, key: string, inputs: string[], stamps: Stamp[] }} Manifest */

const repository = resolve(import.meta.dirname, "..");
/** Changed with the build's options, so a bundle made by older options is not reused. */
const buildVersion = 1;
/** How many earlier bundles stay for long-running processes that still load chunks from them. */
const keptBundles = 5;
/** esbuild replaces `import.meta.url` with this name, declared in each module as its source's URL. */
const moduleUrlName = "__alphadeskModuleUrl";

/**
 * The bundle's entry file, built first when none holds the current sources. The options are for
 * tests: another project's root, entry (relative to the root) and cache.
 * @param {Partial<Place>} [options]
 * @returns {Promise<string>}
 */
export async function bundledEntry({
  root = repository,
  entry = "bin/alphadesk.ts",
  cache = join(root, "node_modules/.cache/alphadesk-cli"),
} = {}) {
  const place = { root, entry, cache };
  const manifest = await readManifest(place);
  if (manifest && (await current(place, manifest))) {
    const built = join(cache, manifest.key, outputName(entry));
    if (await exists(built)) return built;
  }
  return build(place);
}

/**
 * Whether the manifest's bundle holds the sources as they are: their sizes and modification
 * times as when read (a few milliseconds), or else their contents (a tenth of a second; a file
 * saved unchanged, or a fresh checkout, then has its new times recorded).
 * @param {Place} place
 * @param {Manifest} manifest
 */
async function current(place, manifest) {
  const stamps = await stampsOf(place.root, manifest.inputs);
  if (stamps && JSON.stringify(stamps) === JSON.stringify(manifest.stamps)) return true;
  if ((await sourcesKey(place.root, manifest.inputs)) !== manifest.key) return false;
  if (stamps) await writeManifest(place, { ...manifest, stamps });
  return true;
}

/**
 * @param {Place} place
 * @returns {Promise<string>}
 */
async function build(place) {
  const { root, entry, cache } = place;
  const esbuild = await import("esbuild");
  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(join(cache, "staging-"));
  /** @type {Map<string, string>} */
  const sources = new Map();
  /** @type {Map<string, Stamp>} */
  const stamps = new Map();
  try {
    await esbuild.build({
      entryPoints: [join(root, entry)],
      absWorkingDir: root,
      outdir: staging,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      // Packages load from node_modules at run time, as under tsx: only our code is bundled.
      packages: "external",
      sourcemap: "linked",
      logLevel: "silent",
      // Paths our code finds beside itself (migrations, package.json) stay those of its source.
      define: { "import.meta.url": moduleUrlName },
      plugins: [
        {
          name: "alphadesk-sources",
          setup(build) {
            build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
              // Stamped before reading: a file saved in between looks changed next time.
              stamps.set(relative(root, path), stampOf(await stat(path)));
              const text = await readFile(path, "utf8");
              sources.set(relative(root, path), text);
              // On the first line, so the source map's line numbers stay the source's.
              const url = `const ${moduleUrlName} = ${JSON.stringify(pathToFileURL(path).href)}; `;
              return { contents: url + text, loader: "ts" };
            });
          },
        },
      ],
    });
    const inputs = [...sources.keys()].sort();
    const key = hashOf(inputs.map((path) => [path, sources.get(path) ?? ""]));
    try {
      await rename(staging, join(cache, key));
    } catch {
      // Another process built the same sources first: theirs is as good.
    }
    const inputStamps = inputs.map(
      (path) => stamps.get(path) ?? stampOf({ size: -1, mtimeMs: -1 }),
    );
    await writeManifest(place, { version: buildVersion, key, inputs, stamps: inputStamps });
    await pruneExcept(cache, key);
    return join(cache, key, outputName(entry));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** esbuild names an entry's output after its file: bin/alphadesk.ts makes alphadesk.js. */
const outputName = (/** @type {string} */ entry) => `${basename(entry, ".ts")}.js`;

/**
 * @param {Place} place
 * @returns {Promise<Manifest | undefined>}
 */
async function readManifest({ cache }) {
  try {
    const manifest = JSON.parse(await readFile(join(cache, "manifest.json"), "utf8"));
    return manifest.version === buildVersion ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Written whole or not at all: another process may be reading it.
 * @param {Place} place
 * @param {Manifest} manifest
 */
async function writeManifest({ cache }, manifest) {
  const partial = join(cache, `manifest-${process.pid}.json`);
  await writeFile(partial, JSON.stringify(manifest));
  await rename(partial, join(cache, "manifest.json"));
}

/**
 * Each source's size and modification time; undefined when one is gone.
 * @param {string} root
 * @param {string[]} inputs
 */
async function stampsOf(root, inputs) {
  try {
    return (await Promise.all(inputs.map((path) => stat(join(root, path))))).map(stampOf);
  } catch {
    return undefined;
  }
}

/**
 * @param {{ size: number, mtimeMs: number }} stats
 * @returns {Stamp}
 */
const stampOf = ({ size, mtimeMs }) => [size, mtimeMs];

/**
 * A hash of the sources' current contents; undefined when one is gone.
 * @param {string} root
 * @param {string[]} inputs
 */
async function sourcesKey(root, inputs) {
  try {
    const texts = await Promise.all(inputs.map((path) => readFile(join(root, path), "utf8")));
    return hashOf(inputs.map((path, index) => [path, texts[index] ?? ""]));
  } catch {
    return undefined;
  }
}

/** @param {[path: string, text: string][]} files */
function hashOf(files) {
  const hash = createHash("sha256").update(String(buildVersion));
  for (const [path, text] of files) hash.update(`\0${path}\0${text.length}\0${text}`);
  return hash.digest("hex").slice(0, 32);
}

/**
 * Removes all but the newest bundles, and builds abandoned an hour ago.
 * @param {string} cache
 * @param {string} current
 */
async function pruneExcept(cache, current) {
  const bundles = [];
  for (const name of await readdir(cache)) {
    if (name === current || name.endsWith(".json")) continue;
    const info = await stat(join(cache, name)).catch(() => undefined);
    if (!info) continue; // renamed or removed by another process meanwhile
    if (!name.startsWith("staging-")) bundles.push({ name, mtimeMs: info.mtimeMs });
    else if (Date.now() - info.mtimeMs > 3_600_000)
      await rm(join(cache, name), { recursive: true, force: true });
  }
  bundles.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { name } of bundles.slice(keptBundles))
    await rm(join(cache, name), { recursive: true, force: true });
}

/** @param {string} path */
async function exists(path) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
