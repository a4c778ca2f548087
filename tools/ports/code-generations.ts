/** One distinct program generate_code wrote: stored once, by the hash of its bytes. */
export interface GeneratedProgram {
  /** sha256 hex of the program's UTF-8 bytes. */
  contentHash: string;
  /** The strategy's id (the content hash of its canonical spec). */
  specHash: string;
  strategyName: string;
  target: string;
  generatorVersion: string;
  filename: string;
  /** Length of the program in UTF-8 bytes. */
  bytes: number;
}

/** One call of generate_code: who asked for which program, when. */
export interface CodeGeneration extends GeneratedProgram {
  id: string;
  actor: string;
  createdAtMs: number;
}

export interface CodeGenerationQuery {
  specHash?: string;
  target?: string;
  limit: number;
}

/** generate_code's audit trail: every generation, and every distinct program's text. */
export interface CodeGenerationStore {
  /** Records one generation; the program's text is stored the first time its hash is seen. */
  recordCodeGeneration(
    generation: Omit<GeneratedProgram, "bytes" | "strategyName"> & { code: string; actor: string },
  ): Promise<CodeGeneration>;
  /** Generations newest first, of one strategy and/or target when given, at most `limit`. */
  listCodeGenerations(query: CodeGenerationQuery): Promise<CodeGeneration[]>;
  /** A stored program and its text, by its full content hash. */
  requestGeneratedProgram(
    contentHash: string,
  ): Promise<(GeneratedProgram & { code: string }) | undefined>;
}
