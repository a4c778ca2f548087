import { AlphadeskError } from "../../tools/errors.ts";
import { openDatabase } from "../../tools/adapters/open-store.ts";
import type { SecretBox } from "../../tools/adapters/crypto/secret-box.ts";
import { resealSealedTables, type TableResealReport } from "../../tools/adapters/sql/reseal.ts";
import { readConfig } from "../config.ts";
import { secretBoxFromConfig } from "../runtime.ts";

/**
 * `alphadesk secrets reseal`: seals the strategy parameters stored as plaintext (rows from
 * before sealing: strategy specs, findings, optimizations and their trials, validation reports)
 * and reseals those sealed with an older key under the current one, a batch per transaction.
 * Run it after putting a new key first in the keyring; once it reports nothing under an old key,
 * that key can leave the keyring. A second run changes nothing.
 */
export async function resealCommand(options: { batchSize?: number }): Promise<number> {
  try {
    return await reseal(options);
  } catch (error) {
    // A bad key file, a value that does not open (the batches before it are committed, a rerun
    // continues): what to do is in the message, a stack would only hide it.
    if (!(error instanceof AlphadeskError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

async function reseal(options: { batchSize?: number }): Promise<number> {
  const config = readConfig();
  const box = await secretBoxFromConfig(config);
  const database = await openDatabase({
    home: config.ALPHADESK_HOME,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    secretBox: box,
  });
  try {
    const reports = await resealSealedTables(
      database.client,
      box,
      options.batchSize === undefined ? {} : { batchSize: options.batchSize },
    );
    process.stdout.write(`${describeReseal(reports, box)}\n`);
    return 0;
  } finally {
    await database.store.close();
  }
}

/** A line per table (counts are values: a finding holds two), then what is left to do. */
function describeReseal(reports: readonly TableResealReport[], box: SecretBox): string {
  const lines = reports.map((report) => {
    const resealed = Object.entries(report.resealed);
    const resealedCount = resealed.reduce((sum, [, n]) => sum + n, 0);
    const current = report.remaining.byKeyId[box.currentKeyId] ?? 0;
    return `${report.label}: ${report.sealed} plaintext sealed, ${resealedCount} resealed${
      resealed.length > 0
        ? ` (${resealed.map(([keyId, n]) => `${n} from key ${keyId}`).join(", ")})`
        : ""
    }; ${current} now sealed with the current key ${box.currentKeyId}.`;
  });
  const others: Record<string, number> = {};
  let plaintext = 0;
  for (const report of reports) {
    plaintext += report.remaining.plaintext;
    for (const [keyId, n] of Object.entries(report.remaining.byKeyId))
      if (keyId !== box.currentKeyId) others[keyId] = (others[keyId] ?? 0) + n;
  }
  // Rows written meanwhile by a process with an older keyring, or without one: a rerun moves them.
  if (Object.keys(others).length > 0 || plaintext > 0) {
    lines.push(
      `Still to do (written while this ran): ${[
        ...Object.entries(others).map(([keyId, n]) => `${n} under key ${keyId}`),
        ...(plaintext > 0 ? [`${plaintext} plaintext`] : []),
      ].join(", ")}; run it again.`,
    );
  } else {
    const unused = box.keyIds.filter((keyId) => keyId !== box.currentKeyId);
    if (unused.length > 0)
      lines.push(
        `Nothing sealed needs ${unused.length > 1 ? "keys" : "key"} ${unused.join(", ")} any more: remove ${unused.length > 1 ? "them" : "it"} from the keyring once every process runs with the current key first.`,
      );
  }
  return lines.join("\n");
}
