import { createHash } from "node:crypto";
import type {
  CodeGeneration,
  CodeGenerationQuery,
  CodeGenerationStore,
  GeneratedProgram,
} from "../../ports/code-generations.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import { openJson, sealJson, type SealedTable } from "./sealed-columns.ts";
import { epochMs } from "./epoch-ms.ts";

// generate_code's audit trail (migrations/0022_code_generations.sql): programs stored once by
// content hash, their text sealed like the specs they embed; one row per generation.

const codeColumn = { table: "generated_programs", column: "code" };

/** The programs table as `alphadesk secrets reseal` walks it. */
export const sealedPrograms: SealedTable = {
  table: "generated_programs",
  columns: ["code"],
  primaryKey: [{ column: "content_hash", type: "text" }],
  rowKey: "content_hash",
  rowName: "'generated program ' || content_hash",
};

const hashPattern = /^[0-9a-f]{64}$/;

interface ProgramRow {
  content_hash: string;
  spec_hash: string;
  strategy_name: string;
  target: string;
  generator_version: string;
  filename: string;
  bytes: number;
}

const programColumns = `p.content_hash, p.spec_hash, s.name AS strategy_name, p.target,
  p.generator_version, p.filename, p.bytes`;

const generationColumns = `g.id::text AS id, g.actor, ${epochMs("g.created_at")} AS created, ${programColumns}`;

export class SqlCodeGenerationStore implements CodeGenerationStore {
  constructor(
    private readonly client: SqlClient,
    private readonly secretBox?: SecretBox,
  ) {}

  async recordCodeGeneration(
    generation: Omit<GeneratedProgram, "bytes" | "strategyName"> & { code: string; actor: string },
  ): Promise<CodeGeneration> {
    const { code, actor } = generation;
    const contentHash = createHash("sha256").update(code, "utf8").digest("hex");
    if (contentHash !== generation.contentHash)
      throw new Error(`content hash ${generation.contentHash} is not the sha256 of the code`);
    const sealed = sealJson(this.secretBox, codeColumn, contentHash, code);
    return this.client.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO generated_programs
           (content_hash, spec_hash, target, generator_version, filename, bytes, code, code_sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
         ON CONFLICT (content_hash) DO NOTHING`,
        [
          contentHash,
          generation.specHash,
          generation.target,
          generation.generatorVersion,
          generation.filename,
          Buffer.byteLength(code, "utf8"),
          sealed.plain,
          sealed.sealed,
        ],
      );
      const [inserted] = await tx.query<{ id: string }>(
        "INSERT INTO code_generations (content_hash, actor) VALUES ($1, $2) RETURNING id::text AS id",
        [contentHash, actor],
      );
      const [row] = await tx.query<ProgramRow & { id: string; actor: string; created: number }>(
        `SELECT ${generationColumns} FROM code_generations g
         JOIN generated_programs p USING (content_hash) JOIN strategies s ON s.id = p.spec_hash
         WHERE g.id = $1::uuid`,
        [inserted!.id],
      );
      return toGeneration(row!);
    });
  }

  async listCodeGenerations(query: CodeGenerationQuery): Promise<CodeGeneration[]> {
    const rows = await this.client.query<
      ProgramRow & { id: string; actor: string; created: number }
    >(
      `SELECT ${generationColumns} FROM code_generations g
       JOIN generated_programs p USING (content_hash) JOIN strategies s ON s.id = p.spec_hash
       WHERE ($1::text IS NULL OR p.spec_hash = $1) AND ($2::text IS NULL OR p.target = $2)
       ORDER BY g.created_at DESC, g.seq DESC LIMIT $3::int`,
      [query.specHash ?? null, query.target ?? null, query.limit],
    );
    return rows.map(toGeneration);
  }

  async requestGeneratedProgram(
    contentHash: string,
  ): Promise<(GeneratedProgram & { code: string }) | undefined> {
    if (!hashPattern.test(contentHash)) return undefined;
    const [row] = await this.client.query<
      ProgramRow & { code: unknown; code_sealed: string | null }
    >(
      `SELECT ${programColumns}, p.code, p.code_sealed FROM generated_programs p
       JOIN strategies s ON s.id = p.spec_hash WHERE p.content_hash = $1`,
      [contentHash],
    );
    if (!row) return undefined;
    const code = openJson(this.secretBox, codeColumn, {
      rowKey: contentHash,
      rowName: `generated program ${contentHash}`,
      plain: row.code,
      sealed: row.code_sealed,
    });
    return { ...toProgram(row), code: code as string };
  }
}

function toProgram(row: ProgramRow): GeneratedProgram {
  return {
    contentHash: row.content_hash,
    specHash: row.spec_hash,
    strategyName: row.strategy_name,
    target: row.target,
    generatorVersion: row.generator_version,
    filename: row.filename,
    bytes: row.bytes,
  };
}

function toGeneration(
  row: ProgramRow & { id: string; actor: string; created: number },
): CodeGeneration {
  return { ...toProgram(row), id: row.id, actor: row.actor, createdAtMs: Math.round(row.created) };
}
