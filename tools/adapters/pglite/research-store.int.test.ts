import { createTestStore } from "../../../test/support/pglite.ts";
import { researchStoreContract } from "../research-store.contract.ts";

// PGlite loads pgvector (pglite/client.ts): search fuses vector and full-text rankings.
researchStoreContract("PGlite in-process", createTestStore, { vectors: true });
