import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { freePort } from "../../../test/support/free-port.ts";
import { createTestClient } from "../../../test/support/pglite.ts";
import { withCleanup } from "../../../test/support/store-with-cleanup.ts";
import { PostgresClient } from "../postgres/client.ts";
import { SqlStore } from "../sql/store.ts";
import { storeContract } from "../store.contract.ts";

/** `pg` speaking the wire protocol to PGlite's socket server: the server adapter on PGlite's engine. */
storeContract("pg over PGlite's socket server", async () => {
  const { database } = await createTestClient();
  const port = await freePort();
  const server = new PGLiteSocketServer({ db: database as PGlite, host: "127.0.0.1", port });
  await server.start();
  // PGlite is one session: one pooled connection (ENVIRONMENT.md). Its socket server does not
  // implement COPY FROM STDIN, so this client upserts (the other contract runs cover COPY).
  const client = await PostgresClient.open(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    maxConnections: 1,
    copy: false,
  });
  return withCleanup(new SqlStore(client), async () => {
    await server.stop();
    await database.close();
  });
});
