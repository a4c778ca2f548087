-- The audit trail of everything that moves money or its rules: proposals, approvals,
-- submissions, fills, limit changes, the kill switch. Append-only and hash-chained: each
-- entry's hash covers its fields and the previous entry's hash, so an edited, removed or
-- reordered entry breaks the chain and `verifyAuditLog` (which recomputes every hash in
-- TypeScript) names the first bad one.
--
-- The database, not the caller, sets `id`, `at`, `previous_hash` and `hash`, in a BEFORE INSERT
-- trigger. Writers queue on the single row of `audit_log_head` (SELECT ... FOR UPDATE, held
-- until commit), so ids are gapless and follow commit order, and each entry links to the entry
-- committed before it. Under READ COMMITTED a writer that waited sees the new head when it gets
-- the lock; under REPEATABLE READ or SERIALIZABLE it fails with a serialization error (retry)
-- instead of forking the chain.
--
-- UPDATE, DELETE and TRUNCATE are refused by triggers set ENABLE ALWAYS, so a session with
-- `session_replication_role = replica` does not skip them. The table owner or a superuser can
-- still disable or drop triggers: the chain is what detects such tampering. Production should
-- also grant the application's role only SELECT and INSERT on audit_log.
--
-- The hash is sha256 (built in since PostgreSQL 11, also in PGlite; pgcrypto is not needed) of
-- this UTF-8 text, where a text field is written `<byte length>:<value>` and a null subject `-`:
--   alphadesk.audit.v1|<id>|<at as epoch microseconds>|<actor>|<action>|<subject>|<details>|<previous_hash>
-- `details` is PostgreSQL's jsonb text output (keys sorted, one canonical spelling per value).
-- The first entry's previous_hash is 64 zeros. tools/adapters/sql/audit-log.ts builds the same text.

CREATE TABLE audit_log (
  id            bigint PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor         text NOT NULL CONSTRAINT audit_log_actor_nonempty CHECK (actor <> ''),
  action        text NOT NULL
    CONSTRAINT audit_log_action_format CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
  subject       text CONSTRAINT audit_log_subject_nonempty CHECK (subject <> ''),
  details       jsonb NOT NULL,
  previous_hash text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
  hash          text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);

CREATE INDEX audit_log_subject_id ON audit_log (subject, id);

-- The chain's tip: its row lock serializes writers; `last_id` is the newest entry's id (0: none),
-- so entries removed from the end are detected too.
CREATE TABLE audit_log_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint NOT NULL CHECK (last_id >= 0)
);

INSERT INTO audit_log_head (last_id) VALUES (0);

-- One field of the hashed text: its UTF-8 byte length and value, or `-` for null.
CREATE FUNCTION audit_log_field(value text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '-'
         ELSE octet_length(convert_to(value, 'UTF8'))::text || ':' || value END
$$;

CREATE FUNCTION audit_log_hash(
  id bigint, at timestamptz, actor text, action text, subject text, details jsonb, previous_hash text
) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(
    'alphadesk.audit.v1'
    || '|' || id::text
    || '|' || ((extract(epoch FROM at) * 1000000)::bigint)::text
    || '|' || audit_log_field(actor)
    || '|' || audit_log_field(action)
    || '|' || audit_log_field(subject)
    || '|' || audit_log_field(details::text)
    || '|' || previous_hash,
    'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  head_id  bigint;
  previous text;
BEGIN
  SELECT last_id INTO head_id FROM audit_log_head FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_log_head has no row: the audit chain cannot be extended';
  END IF;
  IF head_id = 0 THEN
    previous := repeat('0', 64);
  ELSE
    SELECT audit_log.hash INTO previous FROM audit_log WHERE audit_log.id = head_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'audit_log entry % (the newest, per audit_log_head) is missing: the log was tampered with', head_id
        USING HINT = 'run verifyAuditLog to see what was changed';
    END IF;
  END IF;
  NEW.id := head_id + 1;
  NEW.at := clock_timestamp();
  NEW.previous_hash := previous;
  NEW.hash := audit_log_hash(NEW.id, NEW.at, NEW.actor, NEW.action, NEW.subject, NEW.details, previous);
  UPDATE audit_log_head SET last_id = NEW.id;
  RETURN NEW;
END
$$;

CREATE FUNCTION audit_log_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING HINT = 'audit entries are never changed or removed; append a correcting entry instead';
END
$$;

-- The head moves only from audit_log_chain (a trigger, hence depth 2), one entry at a time.
CREATE FUNCTION audit_log_head_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
    IF NEW.singleton AND NEW.last_id = OLD.last_id + 1 THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log_head moves only as audit_log entries are appended: % refused', TG_OP;
END
$$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_log_head
  FOR EACH ROW EXECUTE FUNCTION audit_log_head_guard();
CREATE TRIGGER audit_log_head_no_truncate BEFORE TRUNCATE ON audit_log_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_head_guard();

ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_chain;
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_append_only;
ALTER TABLE audit_log_head ENABLE ALWAYS TRIGGER audit_log_head_guard;
ALTER TABLE audit_log_head ENABLE ALWAYS TRIGGER audit_log_head_no_truncate;
