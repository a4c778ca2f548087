import { InProcessQueue } from "./in-process.ts";
import { queueContract } from "./queue.contract.ts";

queueContract("in-process", async () => new InProcessQueue());
