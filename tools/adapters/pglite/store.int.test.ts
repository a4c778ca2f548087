import { createTestStore } from "../../../test/support/pglite.ts";
import { storeContract } from "../store.contract.ts";

storeContract("PGlite in-process", createTestStore);
