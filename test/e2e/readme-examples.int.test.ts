import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { phrasingContext } from "../../agent/planner/phrasings.ts";
import { planTurn } from "../../agent/planner/plan.ts";
import { findTool, tools } from "../../tools/index.ts";
import { parseToolInput } from "../../tools/run-tool.ts";
import { runCli } from "./run-cli.ts";

/**
 * The README is the user's manual: every command it shows must exist, every tool input it shows
 * must pass that tool's schema, and every message it suggests must be understood by the offline
 * planner. Placeholders such as `<id>` stand for ids a previous step returned.
 */
const readme = await readFile(join(import.meta.dirname, "../../README.md"), "utf8");

/** The shell blocks' text, with each line's trailing comment removed. */
const shellBlocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) =>
  match[1]!.replace(/ {2,}# .*$/gm, ""),
);

interface ToolExample {
  name: string;
  json: string;
  /** The README shows it refused, with this error line. */
  refusal?: string;
}

const toolExamples: ToolExample[] = shellBlocks.flatMap((block) =>
  [...block.matchAll(/npx alphadesk tool (\w+) '([^']*)'(?:\n(\{"error":.*))?/g)].map(
    ([, name, json, refusal]) => ({
      name: name!,
      json: json!,
      ...(refusal ? { refusal } : {}),
    }),
  ),
);

/** Tool inputs written inline in the prose: `tool_name` `{...}`. */
const proseExamples: ToolExample[] = [...readme.matchAll(/`(\w+)` `(\{[^`]*\})`/g)]
  .map(([, name, json]) => ({ name: name!, json: json!.replace(/\n/g, " ") }))
  // Sketches such as `{"id": ..., "enabled": false}` are not meant to be run.
  .filter((example) => findTool(example.name) && isJson(example.json));

/** Messages for the assistant: `alphadesk ask` in the shell, `/alphadesk` in Slack and Discord. */
const askMessages = [
  ...shellBlocks.flatMap((block) =>
    [...block.matchAll(/npx alphadesk ask (["'])(.*?)\1/g)].map((match) => match[2]!),
  ),
  ...[...readme.matchAll(/`\/alphadesk (?:message: )?([^`]+)`/g)].map((match) => match[1]!),
];

const commands = [
  ...new Set(
    // Not after "/" or a word character: `/alphadesk ...` in Slack and paths such as
    // `.cache/alphadesk-cli` are not commands.
    [...readme.matchAll(/(?<![/\w-])(?:npx )?alphadesk ([a-z][a-z-]*)/g)].map((match) => match[1]!),
  ),
];

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const uuid = "00000000-0000-4000-8000-000000000001";
const hexId = "0".repeat(64);

/** Stands the README's `<placeholder>` values in for ids of the kind the field takes. */
function withPlaceholders(value: unknown, key = ""): unknown[] {
  if (typeof value === "string" && /^<[^>]+>$/.test(value))
    return key === "strategyId" ? [hexId] : [uuid, "1"];
  if (Array.isArray(value)) return [value];
  if (value && typeof value === "object") {
    let variants: Record<string, unknown>[] = [{}];
    for (const [field, inner] of Object.entries(value))
      variants = variants.flatMap((variant) =>
        withPlaceholders(inner, field).map((option) => ({ ...variant, [field]: option })),
      );
    return variants;
  }
  return [value];
}

function accepted(example: ToolExample): { ok: true } | { ok: false; message: string } {
  const tool = findTool(example.name);
  if (!tool) return { ok: false, message: `no tool named ${example.name}` };
  let message = "";
  for (const input of withPlaceholders(JSON.parse(example.json))) {
    try {
      parseToolInput(tool, input);
      return { ok: true };
    } catch (error) {
      message = (error as Error).message;
    }
  }
  return { ok: false, message };
}

describe("the README's examples", () => {
  it("were found", () => {
    expect(toolExamples.length).toBeGreaterThanOrEqual(25);
    expect(proseExamples.length).toBeGreaterThanOrEqual(1);
    expect(askMessages.length).toBeGreaterThanOrEqual(10);
    expect(commands).toContain("approve");
  });

  it("give every tool input its tool accepts, and refuse the one shown refused as shown", () => {
    for (const example of [...toolExamples, ...proseExamples]) {
      const verdict = accepted(example);
      if (!example.refusal) {
        expect(verdict, `${example.name} ${example.json}`).toEqual({ ok: true });
        continue;
      }
      expect(verdict.ok, `${example.name} ${example.json}`).toBe(false);
      // The README shortens the message with "...": what it shows must be the message's start.
      const shown = /"message":"(.*?)\.\.\."/.exec(example.refusal)![1]!;
      expect(verdict.ok ? "" : JSON.stringify(verdict.message)).toContain(shown.slice(0, 60));
    }
  });

  it("list every tool in the table of what works, as the tool sums itself up", () => {
    const section = readme.slice(
      readme.indexOf("## What works today"),
      readme.indexOf("## Commands"),
    );
    const rows = [...section.matchAll(/^\| `(\w+)` +\| (.+?) +\|$/gm)].map(
      ([, name, summary]): [string, string] => [name!, summary!.replaceAll("`", "")],
    );
    expect(new Map(rows)).toEqual(new Map(tools.map((tool) => [tool.name, tool.summary])));
  });

  it("suggest only messages the offline planner understands", () => {
    for (const raw of askMessages) {
      let ids = 0;
      const message = raw.replace(/<[^>]+>/g, () => String(++ids).repeat(64));
      // Positions are looked up for each message that closes one: here, as such a lookup reads them.
      // "How do I run it?" follows a generated program, which it answers in words.
      const planned = planTurn(message, {
        ...phrasingContext,
        positions: [{ symbol: "AAPL", quantity: 10 }],
        codeShownLast: { strategyId: "1".repeat(64), target: "python", filename: "program.py" },
      });
      expect(planned.understood || planned.answered === true, message).toBe(true);
    }
  });

  describe("name only commands the command line has", () => {
    let help = "";
    beforeAll(async () => {
      help = (await runCli(["--help"])).stdout;
    });

    it("every one", () => {
      const listed = new Set([...help.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((match) => match[1]!));
      expect(commands.filter((command) => !listed.has(command))).toEqual([]);
    });
  });
});
