/**
 * The README as a reader meets it: every table in one piece (a paragraph between two rows ends the
 * table there and prints the rest as text), and the command table naming every command the CLI has.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n");

describe("README", () => {
  it("keeps every table in one piece: a table row is followed only by another row or a blank line", () => {
    const broken = README.flatMap((line, i) => {
      const next = README[i + 1];
      return line.startsWith("|") && next !== undefined && next.trim() !== "" && !next.startsWith("|") ? [`line ${i + 2}: ${next}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it("lists every command of the command line in the command table", () => {
    const cli = readFileSync(path.join(ROOT, "scripts/cli.ts"), "utf8");
    const commands = [...cli.slice(cli.indexOf("const COMMANDS")).matchAll(/^ {2}async ([a-z]+)\(/gm)].map((match) => match[1]!);
    expect(commands.length).toBeGreaterThan(10);
    const section = README.slice(README.indexOf("## Command line"));
    const first = section.findIndex((line) => line.startsWith("|"));
    const end = section.findIndex((line, i) => i > first && !line.startsWith("|"));
    const table = section.slice(first, end);
    const named = new Set(table.flatMap((row) => [...row.matchAll(/`([a-z]+)[ `]/g)].map((match) => match[1]!)));
    expect(commands.filter((command) => !named.has(command))).toEqual([]);
  });
});
