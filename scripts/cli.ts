import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, createDb, databaseKind, sqlitePath } from "../db/client";
import { seedDemo } from "../db/demo";
import { isNewDatabase, migrateToLatest } from "../db/migrate";
import type { Database } from "../db/schema";
import { seedReference } from "../db/seed";
import { importSen2Files, readSen2Directory } from "../app/services/sen2-import.server";
import { deflatorSourceSchema, parseDeflatorCsv } from "../app/domain/deflators";
import { formatDate } from "../app/domain/format";
import {
  EXPORT_FORMATS,
  type ExportTable,
  formatExport,
  metricsExportTable,
  returnsExportTable,
  statisticsExportTable,
} from "../app/domain/exports";
import { getQuestionSet } from "../app/domain/question-set";
import { describeIssue } from "../app/domain/returns-file";
import { type RoundStatus, canImportReturns } from "../app/domain/round-lifecycle";
import { newRoundSchema } from "../app/domain/round-settings";
import { emailSchema, passwordSchema, userScopeSchema } from "../app/domain/users";
import { findAuthorityByCode, findRegionName, listAuthorities, upsertAuthority } from "../app/models/authority.server";
import { upsertGroup } from "../app/models/group.server";
import { listApprovedHistory } from "../app/models/authority-history.server";
import { readDeflatorTable } from "../app/models/deflator.server";
import { COHORTS, type Cohort } from "../app/domain/cohorts";
import {
  FORECAST_METRICS,
  decomposeBetween,
  decompositionJson,
  forecastJson,
  forecastMetric,
  growthPoint,
} from "../app/domain/forecast-report";
import { listRoundMetrics, listRoundStatistics } from "../app/models/metrics.server";
import { type RecomputeSummary, replaceDeflatorsAndRecompute } from "../app/services/recompute.server";
import { listApprovedReturns } from "../app/models/return.server";
import { importReturns } from "../app/services/returns-import.server";
import { findRoundBySlug } from "../app/models/round.server";
import { createRound, transitionRound } from "../app/services/round-changes.server";
import { registerUser } from "../app/services/user-admin.server";
import { formatEmailDate, londonDate, reminderDueDate } from "../app/domain/notifications";
import { previewReminders, queueReminders, queueSetPasswordEmail } from "../app/services/notifications.server";
import { makeQueuedMessagesDue, retryFailedMessages } from "../app/models/outbox.server";
import { deliverDueMessages } from "../app/services/outbox-delivery.server";
import { appOrigin } from "../app/utils/app-origin.server";
import { type Env, readEnv } from "../app/utils/env.server";
import { getEmailSender } from "../app/utils/notify.server";
import { readReturnsFile } from "../app/spreadsheets/returns-upload.server";
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
                                           R is member, regional_viewer or coordinator; without
                                           --password the user is emailed a link to set one
  round create --slug S --year YYYY-YY [--name N] [--base-year YYYY-YY] [--opens YYYY-MM-DD] [--closes YYYY-MM-DD] [--reminder-days N]
                                           create a draft round; the price base year defaults to
                                           the latest year in the deflator table; reminders go
                                           N days (default 7) before it closes
  round open --round S                     open a draft round, or re-open a closed one
  round close --round S                    close an open round, or withdraw a published one
  publish --round S                        publish a closed round, recomputing its metrics
  import --round S FILE                    import a returns file, CSV or Excel (.xlsx), in the wide
                                           layout (authority_code,<field key>,…) or a member template:
                                           every row replaces that authority's return, approved;
                                           any error is listed and nothing is written
  export --round S --what metrics|returns|stats [--format csv|json]
                                           write to stdout the round's metrics (long), approved
                                           returns (wide, in the import layout) or statistics
  deflators import FILE [--source TEXT] [--released-on YYYY-MM-DD]
                                           replace the GDP deflators (CSV financial_year,index)
                                           and recompute every round
  reference import sen2 DIR                load a release of DfE's SEN2 statistics from its CSV files
                                           (sen2_age_caseload, caseload, sen_needs_all_plans): any
                                           wrong column, unknown code or value is listed by row and
                                           nothing is written; the same release again changes nothing;
                                           returns are never touched
  remind --round S [--dry-run]             for a daily scheduler: on the round's reminder day, email
                                           the members of authorities that have not submitted (once
                                           a day each); --dry-run lists them and sends nothing
  outbox retry                             send every queued email now and try failed ones again
  forecast --round S --authority CODE --metric M
                                           JSON: the authority's approved history up to round S and
                                           a 3-year log-linear forecast with 80% intervals; M is one
                                           of ehcps, children.send, spend.send, unit_cost.send, spend.total
  decompose --authority CODE --from S0 --to S1 [--cohort C|send]
                                           JSON: the change in spend between two rounds split into
                                           volume, inflation and real unit cost (default: send)

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

function openDatabase(url: string): Kysely<Database> {
  if (databaseKind(url) === "sqlite") mkdirSync(path.dirname(path.resolve(sqlitePath(url))), { recursive: true });
  return createDb(url);
}

type Command = (db: Kysely<Database>, args: string[]) => Promise<void>;

/** Turns a zod failure into a usage error naming the command-line flags. */
function flagErrors(issues: readonly z.core.$ZodIssue[], flags: Record<string, string>): UsageError {
  return new UsageError(issues.map((i) => `--${flags[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join("\n"));
}

async function requireRound(db: Kysely<Database>, slug: string) {
  const round = await findRoundBySlug(db, slug);
  if (!round) throw new Error(`No round has the slug "${slug}"`);
  return round;
}

function readText(file: string): string {
  return readBytes(file).toString("utf8");
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "there is no such file" : (error as Error).message;
    throw new Error(`Cannot read ${file}: ${reason}`, { cause: error });
  }
}

async function requireAuthority(db: Kysely<Database>, code: string) {
  const authority = await findAuthorityByCode(db, code);
  if (!authority) throw new Error(`No authority has the code "${code}"`);
  return authority;
}

/** One authority's approved rounds, oldest first, as the forecasting functions read them. */
async function authorityHistory(db: Kysely<Database>, authorityId: number) {
  const [byAuthority, deflators] = await Promise.all([listApprovedHistory(db, [authorityId]), readDeflatorTable(db)]);
  return { history: byAuthority.get(authorityId) ?? [], deflators };
}

/** Lists the rounds a command recomputed, and says why any of them has no real-terms figures. */
function reportRecompute(summaries: readonly RecomputeSummary[]): void {
  if (summaries.length === 0) return;
  console.log(
    `Metrics recomputed for ${summaries.length} round(s): ${summaries.map((s) => `${s.slug} (${s.returns} approved)`).join(", ")}`,
  );
  for (const summary of summaries) {
    if (!summary.realTerms.available) console.log(`Round ${summary.slug}: ${summary.realTerms.reason}`);
  }
}

async function moveRound(db: Kysely<Database>, slug: string, to: RoundStatus): Promise<void> {
  const round = await requireRound(db, slug);
  const result = await db.transaction().execute((trx) => transitionRound(trx, round.id, to, null, appOrigin()));
  if (!result.ok) throw new Error(`Round ${slug}: ${result.message}`);
  console.log(`Round ${slug} is now ${to}`);
  reportRecompute(result.recomputed);
  await deliverOutbox(db);
}

/**
 * Sends what is due in the outbox (an opened round's announcement, an invitation) and says how it
 * went. Without a Notify key it sends nothing: the app servers deliver the messages once they have one.
 */
async function deliverOutbox(db: Kysely<Database>): Promise<void> {
  const sender = getEmailSender();
  if (!sender) return;
  const summary = await deliverDueMessages(db, sender);
  if (summary.sent + summary.queued + summary.failed === 0) return;
  console.log(`Emails: ${summary.sent} sent, ${summary.queued} to be tried again later, ${summary.failed} failed`);
}

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
    for (const release of reference.sen2Releases) console.log(`DfE ${release.name}: ${release.figures} figures, ${release.status}`);
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
    const codes = need(values, "members")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
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
    if (!parsed.success) throw flagErrors(parsed.error.issues, { authorityCode: "authority", groupSlug: "group" });
    const { password, ...user } = parsed.data;
    const origin = appOrigin();
    const result = await registerUser(
      db,
      { ...user, passwordHash: password ? await hashPassword(password) : null },
      null,
      async (trx, created) => {
        if (!password) await queueSetPasswordEmail(trx, { user: created, purpose: "invite", origin });
      },
    );
    if (!result.ok) throw new Error(result.message);
    console.log(`User ${result.user.email} (${result.user.role})${password ? "" : ": an invitation to set a password is queued"}`);
    await deliverOutbox(db);
  },

  async round(db, args) {
    const { values, positionals } = options(args, {
      slug: { type: "string" },
      year: { type: "string" },
      name: { type: "string" },
      "base-year": { type: "string" },
      opens: { type: "string" },
      closes: { type: "string" },
      "reminder-days": { type: "string" },
      round: { type: "string" },
    });
    const action = positionals[0];
    if (action === "open" || action === "close") return moveRound(db, need(values, "round"), action === "open" ? "open" : "closed");
    if (action !== "create")
      throw new UsageError(`Unknown round command "${action ?? ""}": use "round create", "round open" or "round close"`);
    const year = need(values, "year");
    const parsed = newRoundSchema.safeParse({
      slug: need(values, "slug"),
      name: values.name ?? `Round ${year}`,
      financialYear: year,
      baseYear: values["base-year"],
      opensOn: values.opens,
      closesOn: values.closes,
      reminderDaysBefore: values["reminder-days"],
    });
    if (!parsed.success) {
      throw flagErrors(parsed.error.issues, {
        financialYear: "year",
        baseYear: "base-year",
        opensOn: "opens",
        closesOn: "closes",
        reminderDaysBefore: "reminder-days",
      });
    }
    const result = await db.transaction().execute((trx) => createRound(trx, parsed.data, null));
    if (!result.ok) throw new Error(result.message);
    console.log(`Round ${result.round.slug} "${result.round.name}" (${result.round.financial_year}) created as a draft`);
  },

  async remind(db, args) {
    const { values } = options(args, { round: { type: "string" }, "dry-run": { type: "boolean" } });
    const round = await requireRound(db, need(values, "round"));
    const today = londonDate(new Date());
    if (round.status !== "open") return console.log(`Round ${round.slug} is ${round.status}: no reminders`);
    if (!round.closes_on) return console.log(`Round ${round.slug} has no closing date: no reminders are scheduled`);
    const dueOn = reminderDueDate(round.closes_on, round.reminder_days_before);
    if (dueOn !== today) {
      return console.log(
        `Round ${round.slug}: reminders are due on ${dueOn}, ${round.reminder_days_before} days before it closes on ${round.closes_on}; none today (${today})`,
      );
    }
    if (values["dry-run"]) {
      const recipients = await previewReminders(db, round, today);
      console.log(
        `Round ${round.slug}: ${recipients.length} reminder(s) due today, closing ${formatEmailDate(round.closes_on)} (dry run: nothing sent)`,
      );
      for (const r of recipients) console.log(`${r.email}\t${r.authorityCode}\t${r.authorityName}\t${r.returnStatus}`);
      return;
    }
    const queued = await db.transaction().execute((trx) => queueReminders(trx, { round, date: today, origin: appOrigin() }));
    console.log(`Round ${round.slug}: ${queued} reminder(s) queued`);
    await deliverOutbox(db);
  },

  async outbox(db, args) {
    const { positionals } = options(args, {});
    if (positionals[0] !== "retry") throw new UsageError(`Unknown outbox command "${positionals[0] ?? ""}": use "outbox retry"`);
    const sender = getEmailSender();
    if (!sender) throw new Error("Email is not set up: set NOTIFY_API_KEY and the NOTIFY_TEMPLATE_* variables");
    const requeued = await retryFailedMessages(db);
    await makeQueuedMessagesDue(db);
    const summary = await deliverDueMessages(db, sender);
    console.log(
      `Outbox: ${requeued} failed message(s) re-queued; ${summary.sent} sent, ${summary.queued} to be tried again later, ${summary.failed} failed`,
    );
  },

  async publish(db, args) {
    const { values } = options(args, { round: { type: "string" } });
    await moveRound(db, need(values, "round"), "published");
  },

  async import(db, args) {
    const { values, positionals } = options(args, { round: { type: "string" } });
    const slug = need(values, "round");
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError("Give one returns file: import --round S FILE");
    const round = await requireRound(db, slug);
    if (!canImportReturns(round.status)) {
      throw new Error(`Round ${slug} is published: withdraw it first (round close --round ${slug}), then import. Nothing was imported.`);
    }
    const parsed = await readReturnsFile(readBytes(file), {
      questionSet: getQuestionSet(round.question_set_version),
      authorityCodes: new Set((await listAuthorities(db)).map((a) => a.code.toUpperCase())),
      purpose: "approve",
      roundSlug: round.slug,
    });
    if (!parsed.ok) {
      throw new Error(
        `${file} has ${parsed.errors.length} problem(s), so nothing was imported:\n${parsed.errors.map(describeIssue).join("\n")}`,
      );
    }
    const recomputed = await db
      .transaction()
      .execute((trx) => importReturns(trx, { round, returns: parsed.returns, fileName: path.basename(file), actorId: null }));
    console.log(`Imported ${parsed.returns.length} return(s) into round ${slug}, each approved and replacing what was there`);
    reportRecompute(recomputed);
    if (parsed.skippedRows > 0) console.log(`${parsed.skippedRows} row(s) naming an authority but giving no answers were left out`);
    if (parsed.warnings.length > 0) console.log(`Warnings to review:\n${parsed.warnings.map(describeIssue).join("\n")}`);
    if (parsed.notices.length > 0)
      console.log(`Imported incomplete, without required answers:\n${parsed.notices.map(describeIssue).join("\n")}`);
  },

  async export(db, args) {
    const { values } = options(args, { round: { type: "string" }, what: { type: "string" }, format: { type: "string" } });
    const parsed = z
      .object({
        round: z.string(),
        what: z.enum(["metrics", "returns", "stats"], { error: "choose metrics, returns or stats" }),
        format: z.enum(EXPORT_FORMATS, { error: "choose csv or json" }).default("csv"),
      })
      .safeParse({ round: need(values, "round"), what: need(values, "what"), format: values.format });
    if (!parsed.success) throw flagErrors(parsed.error.issues, {});
    const { what, format } = parsed.data;
    const round = await requireRound(db, parsed.data.round);
    let table: ExportTable;
    if (what === "metrics") {
      table = metricsExportTable(round.slug, await listRoundMetrics(db, round.id));
    } else if (what === "stats") {
      table = statisticsExportTable(round.slug, await listRoundStatistics(db, round.id));
    } else {
      table = returnsExportTable(getQuestionSet(round.question_set_version), await listApprovedReturns(db, round.id));
    }
    process.stdout.write(formatExport(table, format));
  },

  async deflators(db, args) {
    const { values, positionals } = options(args, { source: { type: "string" }, "released-on": { type: "string" } });
    const [action, file, ...extra] = positionals;
    if (action !== "import") throw new UsageError(`Unknown deflators command "${action ?? ""}": use "deflators import FILE"`);
    if (!file || extra.length > 0) throw new UsageError("Give one deflator file: deflators import FILE");
    const source = deflatorSourceSchema.safeParse({
      source: values.source ?? `${path.basename(file)}, imported with the command line on ${formatDate(new Date())}`,
      releasedOn: values["released-on"],
    });
    if (!source.success) throw flagErrors(source.error.issues, { releasedOn: "released-on" });
    const table = parseDeflatorCsv(readText(file));
    if (!table.ok) throw new Error(`${file} has ${table.errors.length} problem(s), so nothing was changed:\n${table.errors.join("\n")}`);
    const recomputed = await db.transaction().execute((trx) =>
      replaceDeflatorsAndRecompute(trx, {
        deflators: table.deflators,
        source: { source: source.data.source, releasedOn: source.data.releasedOn ?? null },
        actorId: null,
      }),
    );
    console.log(
      `Deflators replaced: ${table.deflators.length} financial years, ${table.deflators[0]!.financialYear} to ${table.deflators.at(-1)!.financialYear}`,
    );
    reportRecompute(recomputed);
  },

  async reference(db, args) {
    const { positionals } = options(args, {});
    const [action, kind, dir, ...extra] = positionals;
    if (action !== "import" || kind !== "sen2")
      throw new UsageError(`Unknown reference command "${positionals.join(" ")}": use "reference import sen2 DIR"`);
    if (!dir || extra.length > 0) throw new UsageError("Give one folder: reference import sen2 DIR");
    const result = await importSen2Files(db, readSen2Directory(dir), { actorId: null });
    if (!result.ok) throw new Error(`${dir} has ${result.errors.length} problem(s), so nothing was changed:\n${result.errors.join("\n")}`);
    const { outcome } = result;
    console.log(
      outcome.status === "unchanged"
        ? `DfE ${outcome.releaseName} is already loaded with the same ${outcome.figureCount} figures: nothing changed`
        : `DfE ${outcome.releaseName} ${outcome.status}: ${outcome.figureCount} figures`,
    );
    if (result.notices.length > 0) console.log(`${result.notices.length} notice(s):\n${result.notices.join("\n")}`);
  },

  async forecast(db, args) {
    const { values } = options(args, { round: { type: "string" }, authority: { type: "string" }, metric: { type: "string" } });
    const metric = need(values, "metric");
    if (!(FORECAST_METRICS as readonly string[]).includes(metric))
      throw new UsageError(`--metric must be one of ${FORECAST_METRICS.join(", ")}`);
    const round = await requireRound(db, need(values, "round"));
    const authority = await requireAuthority(db, need(values, "authority"));
    const history = (await authorityHistory(db, authority.id)).history.filter((entry) => entry.financialYear <= round.financial_year);
    process.stdout.write(`${JSON.stringify(forecastJson(metric, forecastMetric(history, metric)), null, 2)}\n`);
  },

  async decompose(db, args) {
    const { values } = options(args, {
      authority: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      cohort: { type: "string" },
    });
    const cohort = typeof values.cohort === "string" ? values.cohort : "send";
    if (cohort !== "send" && !(COHORTS as readonly string[]).includes(cohort))
      throw new UsageError(`--cohort must be send or one of ${COHORTS.join(", ")}`);
    const authority = await requireAuthority(db, need(values, "authority"));
    const [from, to] = [await requireRound(db, need(values, "from")), await requireRound(db, need(values, "to"))];
    const { history, deflators } = await authorityHistory(db, authority.id);
    for (const round of [from, to]) {
      const entry = history.find((candidate) => candidate.financialYear === round.financial_year);
      if (!entry || !growthPoint(entry, cohort as Cohort | "send", deflators))
        throw new Error(`${authority.code} has no approved spend, children and deflator for ${cohort} in round ${round.slug}`);
    }
    const result = decomposeBetween(history, from.financial_year, to.financial_year, cohort as Cohort | "send", deflators);
    if (!result) throw new Error(`Spend and children must be above zero in both rounds to decompose the change`);
    const { from: start, to: end, decomposition } = result;
    process.stdout.write(`${JSON.stringify(decompositionJson(start, end, decomposition), null, 2)}\n`);
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
  let env: Env;
  try {
    // Afresh through the server's one env schema (a caller may change it between runs); a bad
    // variable stops the command, naming it.
    env = readEnv();
  } catch (error) {
    console.error(`Error: ${(error as Error).message}`);
    return 1;
  }
  if (env.MOCKS) (await import("../test/mocks/index")).startMockServer();
  const db = openDatabase(env.DATABASE_URL);
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
  // A reader that stops early (`export … | head`) is not a failure of the command.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Only closing the database can still fail here; runCli reports everything else itself.
      console.error(`Error: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
