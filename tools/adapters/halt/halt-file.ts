import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { HaltFlag, HaltRecord } from "../../ports/execution.ts";

/**
 * The kill switch's flag as a file (`HALTED` in ALPHADESK_HOME): it needs neither the database
 * nor Redis nor a chat platform. Written to a temporary name and renamed, so a reader sees the
 * whole record or none. A file that exists but does not parse still counts as halted.
 */
export class HaltFile implements HaltFlag {
  private readonly path: string;

  constructor(private readonly home: string) {
    this.path = join(home, "HALTED");
  }

  async read(): Promise<HaltRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      const record = JSON.parse(text) as Partial<HaltRecord>;
      return {
        reason: String(record.reason ?? "halted"),
        actor: String(record.actor ?? "unknown"),
        atMs: Number(record.atMs ?? 0),
      };
    } catch {
      return {
        reason: `unreadable halt file ${this.path}: halted to be safe`,
        actor: "unknown",
        atMs: 0,
      };
    }
  }

  async raise(record: HaltRecord): Promise<void> {
    await mkdir(this.home, { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(record), { flush: true });
    await rename(temporary, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
