-- Strategy specs encrypted at rest. A spec holds the user's strategy parameters, the work a
-- database dump or a backup must not give away; `spec_sealed` keeps it as a SecretBox envelope
-- (tools/adapters/crypto/secret-box.ts: AES-256-GCM, `v1.<key id>.<iv>.<ciphertext>.<tag>`,
-- authenticated with `strategies.spec:<id>` so an envelope copied to another row does not open).
-- The key never reaches the database: it comes from ALPHADESK_SECRET_KEYS or a key file in
-- ALPHADESK_HOME, and the key id in each envelope says which key of the ring opens it.
-- Rows written before this migration keep their plaintext `spec` until `alphadesk secrets
-- reseal` seals them; exactly one of the two columns holds a row's spec.

ALTER TABLE strategies
  ALTER COLUMN spec DROP NOT NULL,
  ADD COLUMN spec_sealed text,
  ADD CONSTRAINT strategies_spec_one_form CHECK ((spec IS NULL) <> (spec_sealed IS NULL)),
  -- Plaintext JSON can never pass for an envelope.
  ADD CONSTRAINT strategies_spec_sealed_envelope CHECK (spec_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.');
