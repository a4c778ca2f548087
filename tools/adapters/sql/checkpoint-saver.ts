import {
  MemorySaver,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { SqlClient } from "./client.ts";

interface CheckpointRow {
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_id: string | null;
  checkpoint: Uint8Array;
  metadata: Uint8Array;
}

interface WriteRow {
  checkpoint_ns: string;
  checkpoint_id: string;
  write_key: string;
  task_id: string;
  channel: string;
  value: Uint8Array;
  task_path: string;
}

/**
 * LangGraph's checkpointer over our database (PGlite or a PostgreSQL server). LangGraph's own
 * MemorySaver does all the reading (pending writes' order, parent chains, deltas); this class
 * stores every checkpoint and write it makes, byte for byte, and loads a thread from the
 * database before reading it, so threads survive restarts and are shared between processes.
 * (The PostgreSQL checkpointer package needs a `pg` pool, which the embedded database has not.)
 */
export class SqlCheckpointSaver extends MemorySaver {
  constructor(private readonly client: SqlClient) {
    super();
  }

  override async getTuple(config: RunnableConfig) {
    await this.load(config.configurable?.thread_id as string | undefined);
    return super.getTuple(config);
  }

  override async *list(config: RunnableConfig, options?: CheckpointListOptions) {
    await this.load(config.configurable?.thread_id as string | undefined);
    yield* super.list(config, options);
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
  ): Promise<RunnableConfig> {
    const saved = await super.put(config, checkpoint, metadata);
    const threadId = saved.configurable!.thread_id as string;
    const namespace = saved.configurable!.checkpoint_ns as string;
    const [serialized, serializedMetadata, parentId] =
      this.storage[threadId]![namespace]![checkpoint.id]!;
    await this.client.query(
      `INSERT INTO agent_checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_id, checkpoint, metadata)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [threadId, namespace, checkpoint.id, parentId ?? null, serialized, serializedMetadata],
    );
    return saved;
  }

  override async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    await super.putWrites(config, writes, taskId, taskPath);
    const threadId = config.configurable!.thread_id as string;
    const namespace = (config.configurable!.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = config.configurable!.checkpoint_id as string;
    const stored = this.writes[JSON.stringify([threadId, namespace, checkpointId])] ?? {};
    await this.client.transaction(async (tx) => {
      for (const [key, [task, channel, value, path]] of Object.entries(stored)) {
        if (task !== taskId) continue;
        await tx.query(
          `INSERT INTO agent_writes (thread_id, checkpoint_ns, checkpoint_id, write_key, task_id, channel, value, task_path)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, write_key)
           DO UPDATE SET channel = $6, value = $7, task_path = $8`,
          [threadId, namespace, checkpointId, key, task, channel, value, path ?? ""],
        );
      }
    });
  }

  override async deleteThread(threadId: string): Promise<void> {
    await super.deleteThread(threadId);
    await this.client.transaction(async (tx) => {
      await tx.query(`DELETE FROM agent_writes WHERE thread_id = $1`, [threadId]);
      await tx.query(`DELETE FROM agent_checkpoints WHERE thread_id = $1`, [threadId]);
    });
  }

  /** Replaces the thread's cached state with the database's (another process may have moved it). */
  private async load(threadId: string | undefined): Promise<void> {
    if (threadId === undefined) return;
    const [checkpoints, writes] = await Promise.all([
      this.client.query<CheckpointRow>(
        `SELECT checkpoint_ns, checkpoint_id, parent_id, checkpoint, metadata
         FROM agent_checkpoints WHERE thread_id = $1`,
        [threadId],
      ),
      this.client.query<WriteRow>(
        `SELECT checkpoint_ns, checkpoint_id, write_key, task_id, channel, value, task_path
         FROM agent_writes WHERE thread_id = $1`,
        [threadId],
      ),
    ]);
    const byNamespace: Record<
      string,
      Record<string, [Uint8Array, Uint8Array, string | undefined]>
    > = Object.create(null);
    for (const row of checkpoints) {
      byNamespace[row.checkpoint_ns] ??= Object.create(null);
      byNamespace[row.checkpoint_ns]![row.checkpoint_id] = [
        bytes(row.checkpoint),
        bytes(row.metadata),
        row.parent_id ?? undefined,
      ];
    }
    if (checkpoints.length > 0) this.storage[threadId] = byNamespace;
    for (const row of writes) {
      const key = JSON.stringify([threadId, row.checkpoint_ns, row.checkpoint_id]);
      this.writes[key] ??= Object.create(null);
      this.writes[key]![row.write_key] = [
        row.task_id,
        row.channel,
        bytes(row.value),
        row.task_path,
      ];
    }
  }
}

/** `pg` returns a Buffer, PGlite a Uint8Array: the serializer takes either as bytes. */
const bytes = (value: Uint8Array) =>
  new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
