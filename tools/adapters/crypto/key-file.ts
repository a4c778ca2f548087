import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { AlphadeskError } from "../../errors.ts";
import { parseKeyring, SecretBox } from "./secret-box.ts";

/** The key file's name in ALPHADESK_HOME, used when ALPHADESK_SECRET_KEYS is not set. */
export const keyFileName = "secret-keys";

/**
 * The SecretBox of the keyring in `path` (`k2:<base64>,k1:<base64>`, current first; entries may
 * also stand on lines of their own, `#` starts a comment line). A missing file is created with one
 * random 32-byte key, `k-<fingerprint>`, readable by its owner only, so the embedded defaults need no
 * configuration. `created` says a new key was made: whatever it seals is lost with the file.
 */
export async function openKeyFile(path: string): Promise<{ box: SecretBox; created: boolean }> {
  let text: string;
  let created = false;
  try {
    text = await readKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    created = await createKeyFile(path);
    text = await readKeyFile(path);
  }
  const entries = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .join(",");
  if (entries === "") {
    throw new AlphadeskError(
      "invalid_config",
      `the key file ${path} holds no key: restore it from your backup (what it sealed cannot be opened without it) or, if nothing was ever sealed with it, delete it to have a new one made`,
      "user",
    );
  }
  return { box: new SecretBox(parseKeyring(entries, `the key file ${path}`)), created };
}

async function readKeyFile(path: string): Promise<string> {
  const stats = await stat(path);
  // As ssh does with private keys: a key others can read is refused, not silently used.
  if (process.platform !== "win32" && (stats.mode & 0o077) !== 0) {
    throw new AlphadeskError(
      "secret_key_file_exposed",
      `the key file ${path} can be read or written by other users (mode ${(stats.mode & 0o777).toString(8)}): run \`chmod 600 ${path}\``,
      "user",
    );
  }
  return readFile(path, "utf8");
}

/**
 * Writes a fresh keyring beside `path` and links it into place, which fails when the name exists:
 * two processes starting at once both write one, one of them wins and both then read the winner's.
 * A rename would replace a key that may already have sealed something. False when another won.
 */
async function createKeyFile(path: string): Promise<boolean> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const key = randomBytes(32);
  const temporary = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  const handle = await open(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    0o600,
  );
  try {
    // Named after the key's fingerprint: two machines that each made a key never share a name,
    // so an envelope sealed by the other names the key it needs.
    const id = `k-${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
    await handle.writeFile(`${id}:${key.toString("base64")}\n`);
    await handle.sync();
  } finally {
    await handle.close();
    key.fill(0);
  }
  try {
    await link(temporary, path);
    await syncDirectory(directory);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Makes the new directory entry durable (a no-op where directories cannot be opened). */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory; the file itself was synced.
  }
}
