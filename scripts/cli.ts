import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, createDb, databaseKind, sqlitePath } from "../db/client";
import { seedDemo } from "../db/demo";
import { isNewDatabase, migrateToLatest } from "../db/migrate";
import type { Database } from "../db/schema";
import { seedReference } from "../db/seed";
import { emailSchema, passwordSchema, userScopeSchema } from "../app/domain/users";
import { findAuthorityByCode, findRegionName, upsertAuthority } from "../app/models/authority.server";
import { upsertGroup } from "../app/models/group.server";
import { registerUser } from "../app/models/user-admin.server";
import { hashPassword } from "../app/utils/password.server";

const USAGE = `Benchmark Network command line

Usage: npm run cli -- <command> [options]

Commands:
  migrate                                  bring the database schema up to date
  seed [--demo]                            load reference data (authorities, regions, neighbours,
                                           deflators); --demo adds demo users and synthetic rounds
  authority add --code C --name N --region R
                                           add or rename an authority; R is an ONS region code
                                           (e.g. E12000008) already in use, or "CODE:Region name"
  group add --slug S --name N --members C1,C2,…
                                           create or replace a family group of authorities
  user add --email E --role R [--authority CODE | --group SLUG] [--name N] [--password P]
                                           R is member, regional_viewer or coordinator

The database is chosen by DATABASE_URL: file:PATH for SQLite (default ${DEFAULT_DATABASE_URL}),
postgres://… for PostgreSQL.
Exit codes: 0 success, 1 the command failed, 2 the command line was wrong.`;

/** A mistake in the command line itself: print it with the usage and exit 2. */
export class UsageError extends Error {}

function need(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value.trim();
}

function openDatabase(): Kysely<Database> {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (databaseKind(url) === "sqlite") mkdirSync(path.dirname(path.resolve(sqlitePath(url))), { recursive: true });
  return createDb(url);
}

type Command = (db: Kysely<Database>, args: string[]) => Promise<void>;

function options(args: string[], spec: Record<string, { type: "string" | "boolean" }>) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const COMMANDS: Record<string, Command> = {
  async migrate(db, args) {
    const { values } = options(args, { "seed-demo-if-new": { type: "boolean" } });
    const fresh = await isNewDatabase(db);
    const result = await migrateToLatest(db);
    const ran = result.results?.filter((r) => r.status === "Success").map((r) => r.migrationName) ?? [];
    console.log(ran.length > 0 ? `Applied ${ran.length} migration(s): ${ran.join(", ")}` : "Database schema is up to date");
    if (fresh && values["seed-demo-if-new"]) {
      console.log("New database: loading reference and demo data");
      await COMMANDS.seed!(db, ["--demo"]);
    }
  },

  async seed(db, args) {
    const { values } = options(args, { demo: { type: "boolean" } });
    const reference = await seedReference(db);
    console.log(
      `Reference data: ${reference.authorities} authorities, ${reference.regions} regions, ${reference.neighbourLinks} statistical-neighbour links, ${reference.deflators} deflators`,
    );
    if (values.demo) {
      const demo = await seedDemo(db);
      console.log(`Demo data: ${demo.users} new users, ${demo.rounds} new rounds, ${demo.returns} returns`);
    }
  },

  async authority(db, args) {
    const { values, positionals } = options(args, { code: { type: "string" }, name: { type: "string" }, region: { type: "string" } });
    if (positionals[0] !== "add") throw new UsageError(`Unknown authority command "${positionals[0] ?? ""}": use "authority add"`);
    const code = need(values, "code");
    const name = need(values, "name");
    const region = need(values, "region");
    const [regionCode, givenRegionName] = region.includes(":") ? region.split(/:(.*)/s) : [region, undefined];
    const regionName = givenRegionName?.trim() || (await findRegionName(db, regionCode!));
    if (!regionName) {
      throw new UsageError(`--region "${region}" is not a region code in use; give it as "CODE:Region name"`);
    }
    const authority = await upsertAuthority(db, { code, name, regionCode: regionCode!, regionName });
    console.log(`Authority ${authority.code} ${authority.name} (${authority.region_name})`);
  },

  async group(db, args) {
    const { values, positionals } = options(args, { slug: { type: "string" }, name: { type: "string" }, members: { type: "string" } });
    if (positionals[0] !== "add") throw new UsageError(`Unknown group command "${positionals[0] ?? ""}": use "group add"`);
    const slug = need(values, "slug");
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new UsageError(`--slug "${slug}" must be lower-case letters, digits and hyphens`);
    const name = need(values, "name");
    const codes = need(values, "members").split(",").map((c) => c.trim()).filter(Boolean);
    const ids: number[] = [];
    const unknown: string[] = [];
    for (const code of codes) {
      const authority = await findAuthorityByCode(db, code);
      if (authority) ids.push(authority.id);
      else unknown.push(code);
    }
    if (unknown.length > 0) throw new Error(`Unknown authority code(s): ${unknown.join(", ")}. Nothing was changed.`);
    await db.transaction().execute((trx) => upsertGroup(trx, { slug, name, kind: "family", authorityIds: ids }));
    console.log(`Group ${slug} "${name}" with ${ids.length} member(s)`);
  },

  async user(db, args) {
    const { values, positionals } = options(args, {
      email: { type: "string" },
      role: { type: "string" },
      authority: { type: "string" },
      group: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
    });
    if (positionals[0] !== "add") throw new UsageError(`Unknown user command "${positionals[0] ?? ""}": use "user add"`);
    const parsed = z
      .object({ email: emailSchema, password: passwordSchema.optional() })
      .and(userScopeSchema)
      .safeParse({
        email: need(values, "email"),
        password: values.password,
        name: values.name ?? need(values, "email"),
        role: need(values, "role"),
        authorityCode: values.authority,
        groupSlug: values.group,
      });
    if (!parsed.success) {
      const flag: Record<string, string> = { authorityCode: "authority", groupSlug: "group" };
      throw new UsageError(
        parsed.error.issues.map((i) => `--${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join("\n"),
      );
    }
    const { password, ...user } = parsed.data;
    const result = await registerUser(db, { ...user, passwordHash: password ? await hashPassword(password) : null }, null);
    if (!result.ok) throw new Error(result.message);
    console.log(`User ${result.user.email} (${result.user.role})${password ? "" : " has no password yet"}`);
  },
};

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  const db = openDatabase();
  try {
    await command(db, args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`Error: ${(error as Error).message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
