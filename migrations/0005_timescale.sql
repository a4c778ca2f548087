-- Bars become a TimescaleDB hypertable (monthly chunks) where the server offers the extension;
-- elsewhere (PGlite, a plain PostgreSQL) they stay a plain table, whose primary key already
-- serves range scans. An extension that is installed but cannot load (it must be in
-- shared_preload_libraries) leaves the plain table too, with a notice.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS timescaledb;
      PERFORM create_hypertable('bars', 'ts', chunk_time_interval => interval '1 month',
        migrate_data => true, if_not_exists => true);
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'TimescaleDB is available but could not be used (%); bars stay a plain table', SQLERRM;
    END;
  END IF;
END $$;
