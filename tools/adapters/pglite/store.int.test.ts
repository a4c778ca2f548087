import { randomBytes } from "node:crypto";
import { createTestClient, createTestStore } from "../../../test/support/pglite.ts";
import { SecretBox } from "../crypto/secret-box.ts";
import { SqlStore } from "../sql/store.ts";
import { storeContract } from "../store.contract.ts";

storeContract("PGlite in-process", createTestStore);

// The same contract with strategy parameters sealed (sql/sealed-columns.ts): what the runtime
// opens, since it always has a keyring.
const box = new SecretBox({ currentKeyId: "k1", keys: { k1: new Uint8Array(randomBytes(32)) } });
storeContract(
  "PGlite in-process, parameters sealed",
  async () => new SqlStore(await createTestClient(), box),
);
