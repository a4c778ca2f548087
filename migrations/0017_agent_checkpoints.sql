-- The agent's conversation threads: LangGraph checkpoints and their pending writes, exactly as
-- the checkpointer serialized them (bytes), so a thread (and an order waiting for approval in
-- it) survives a restart. tools/adapters/sql/checkpoint-saver.ts reads and writes them.

CREATE TABLE agent_checkpoints (
  thread_id     text NOT NULL CHECK (thread_id <> ''),
  checkpoint_ns text NOT NULL,
  checkpoint_id text NOT NULL CHECK (checkpoint_id <> ''),
  parent_id     text,
  checkpoint    bytea NOT NULL,
  metadata      bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
);

CREATE TABLE agent_writes (
  thread_id     text NOT NULL,
  checkpoint_ns text NOT NULL,
  checkpoint_id text NOT NULL,
  -- "<task id>,<index>": the checkpointer's own key of the write.
  write_key     text NOT NULL,
  task_id       text NOT NULL,
  channel       text NOT NULL,
  value         bytea NOT NULL,
  task_path     text NOT NULL DEFAULT '',
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, write_key)
);
