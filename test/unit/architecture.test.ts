/**
 * The layering of docs/architecture.md, checked on every run: each rule reads the imports of every
 * file under app/ (with the TypeScript parser, so `import type` is told apart from an import that
 * runs) and names each file and import that crosses a line it should not.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

interface ImportEdge {
  /** As written: "kysely", "~/models/user.server", "./values". */
  specifier: string;
  /** A repository-relative path for the project's own files ("app/models/user.server"); the package name otherwise. */
  target: string;
  /** Erased at build: `import type`, or every imported name marked `type`. */
  typeOnly: boolean;
  /** The names it imports that run (not `type`): "*" for a namespace or a bare import. */
  values: string[];
}

interface SourceFile {
  /** Repository-relative, with forward slashes: "app/routes/login.tsx". */
  file: string;
  text: string;
  imports: ImportEdge[];
}

function listFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return listFiles(relative);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

function resolveTarget(file: string, specifier: string): string {
  if (specifier.startsWith("~/")) return path.posix.join("app", specifier.slice(2));
  if (specifier.startsWith(".")) return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return packageName(specifier);
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (clause === undefined) return false; // `import "x"` runs x.
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function importedValues(node: ts.ImportDeclaration): string[] {
  const clause = node.importClause;
  if (clause === undefined) return ["*"];
  if (clause.isTypeOnly) return [];
  const bindings = clause.namedBindings;
  const named =
    bindings === undefined
      ? []
      : ts.isNamedImports(bindings)
        ? bindings.elements.filter((element) => !element.isTypeOnly).map((element) => (element.propertyName ?? element.name).text)
        : ["*"];
  return [...(clause.name ? ["default"] : []), ...named];
}

function readSource(file: string): SourceFile {
  return parseSource(file, readFileSync(path.join(ROOT, file), "utf8"));
}

function parseSource(file: string, text: string): SourceFile {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    false,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const imports: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean, values: string[] = typeOnly ? [] : ["*"]) =>
    imports.push({ specifier, target: resolveTarget(file, specifier), typeOnly, values });
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, isTypeOnlyImport(node), importedValues(node));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isDynamicImport || isRequire) add((node.arguments[0] as ts.StringLiteral).text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file, text, imports };
}

const APP = listFiles("app").map(readSource);

const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const isServerModule = (file: string) => /\.server\.tsx?$/.test(file) || /\.server$/.test(file);
const isOwnFile = (target: string) => /^(app|db|scripts|test)\//.test(target);

/** Packages that only run in Node: a module that loads one must be a `.server` module. */
const SERVER_ONLY_PACKAGES = new Set([
  "kysely",
  "better-sqlite3",
  "pg",
  "exceljs",
  "@node-rs/argon2",
  "notifications-node-client",
  "axios",
  "@remix-run/express",
  "express",
  "compression",
  "msw",
]);
const isServerOnlyPackage = (target: string) => SERVER_ONLY_PACKAGES.has(target) || target.startsWith("node:");

/** What app/domain may use from outside itself: pure libraries with no I/O, DOM or framework. */
const DOMAIN_PACKAGES = new Set(["zod", "d3-array"]);

/** Kysely's query-builder entry points and raw SQL: what belongs in app/models only. */
const QUERY_CALL = /\.(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|selectNoFrom)\s*\(|\bsql\s*(<[^>]*>)?\s*`/;

type Violation = string;

function violations(files: readonly SourceFile[], rule: (file: SourceFile, edge: ImportEdge) => string | null): Violation[] {
  return files.flatMap((file) =>
    file.imports.flatMap((edge) => {
      const reason = rule(file, edge);
      return reason === null ? [] : [`${file.file} imports "${edge.specifier}": ${reason}`];
    }),
  );
}

describe("architecture: app/domain is pure TypeScript", () => {
  const domain = APP.filter((file) => under("app/domain")(file.file));

  test("finds the domain's files (the rules below are not checking an empty folder)", () => {
    expect(domain.length).toBeGreaterThan(20);
    expect(domain.map((file) => file.file)).toContain("app/domain/metrics.ts");
  });

  test("imports nothing of the app outside app/domain, nor db/ (models, utils, services, routes, components, the schema)", () => {
    const found = violations(domain, (_file, edge) =>
      isOwnFile(edge.target) && !under("app/domain")(edge.target)
        ? "the domain depends on nothing else of ours; the rest depends on it"
        : null,
    );
    expect(found).toEqual([]);
  });

  test("uses only pure libraries: no React, Remix, Kysely, database drivers or other I/O", () => {
    const found = violations(domain, (file, edge) => {
      if (isOwnFile(edge.target)) return null;
      if (DOMAIN_PACKAGES.has(edge.target)) return null;
      // Hashing for pseudonyms: allowed in the domain's server-only modules, which never reach a browser.
      if (edge.target === "node:crypto" && isServerModule(file.file)) return null;
      return `not one of the domain's pure libraries (${[...DOMAIN_PACKAGES].join(", ")}); add it there only if it does no I/O and needs no framework`;
    });
    expect(found).toEqual([]);
  });

  test("a browser-safe domain module never loads a .server module", () => {
    const found = violations(domain, (file, edge) =>
      !isServerModule(file.file) && isServerModule(edge.target) && !edge.typeOnly
        ? "a browser-safe module would pull server-only code into the bundle"
        : null,
    );
    expect(found).toEqual([]);
  });
});

describe("architecture: SQL lives in app/models", () => {
  test("no file under app/ outside app/models builds or runs a query", () => {
    const found = APP.filter((file) => !under("app/models")(file.file))
      .filter((file) => QUERY_CALL.test(file.text))
      .map((file) => `${file.file}: ${file.text.match(QUERY_CALL)?.[0]} — move the query into a function in app/models/*.server.ts`);
    expect(found).toEqual([]);
  });

  test("routes never import Kysely, a database driver or db/ (they get rows from models and services)", () => {
    const routes = APP.filter((file) => under("app/routes")(file.file));
    const found = violations(routes, (_file, edge) =>
      ["kysely", "better-sqlite3", "pg"].includes(edge.target) || under("db")(edge.target)
        ? "a route asks models or services for data"
        : null,
    );
    expect(found).toEqual([]);
  });

  test("Kysely runs only in models and the database handle (elsewhere its types only)", () => {
    const found = violations(APP, (file, edge) =>
      edge.target === "kysely" && !edge.typeOnly && !under("app/models")(file.file) && file.file !== "app/utils/db.server.ts"
        ? "only models build queries; use `import type` for Kysely<Database> or Transaction"
        : null,
    );
    expect(found).toEqual([]);
  });

  test("models hold SQL only: no React, Remix, routes, components or services", () => {
    const models = APP.filter((file) => under("app/models")(file.file));
    const found = violations(models, (_file, edge) => {
      if (edge.target === "react" || edge.target === "react-dom" || edge.target.startsWith("@remix-run/"))
        return "a model knows nothing of the web";
      if (!edge.typeOnly && ["app/routes", "app/components", "app/services", "app/utils"].some((folder) => under(folder)(edge.target)))
        return "data flows one way: services and routes call models, never the reverse";
      return null;
    });
    expect(found).toEqual([]);
  });
});

/** A constant's name: what a model may take from the domain besides types (question keys, limits, schemas' lists). */
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The domain functions models still call, and why. Each is a way the stored form is read or written,
 * or left to move: a new one fails the test below.
 */
const MODEL_DOMAIN_CALLS: Readonly<Record<string, readonly string[]>> = {
  // The outbox stores personalisation redacted and its kinds checked: the storage format itself.
  "app/models/outbox.server.ts": ["redactSecrets", "parseMessageKind", "redactedPersonalisationJson"],
  // SEN2 releases are named and told apart by file as they are stored.
  "app/models/public-statistics.server.ts": ["Sen2Figures", "sen2FileKind", "sen2ReleaseName", "sen2ReleaseSource"],
};

describe("architecture: models hold SQL only", () => {
  test("a model takes from the domain only types and constants: a rule of the product runs in a service or the domain", () => {
    const models = APP.filter((file) => under("app/models")(file.file));
    const found = violations(models, (file, edge) => {
      if (!under("app/domain")(edge.target)) return null;
      const calls = edge.values.filter((name) => !CONSTANT_NAME.test(name) && !MODEL_DOMAIN_CALLS[file.file]?.includes(name));
      return calls.length === 0
        ? null
        : `${calls.join(", ")}: call the domain from a service (app/services) and give the model rows to read or write`;
    });
    expect(found).toEqual([]);
  });
});

describe("architecture: coordination lives in app/services", () => {
  const services = APP.filter((file) => under("app/services")(file.file));

  test("finds the services (sign-in, password reset, bulk upload, imports …)", () => {
    expect(services.map((file) => file.file)).toEqual(
      expect.arrayContaining(["app/services/sign-in.server.ts", "app/services/returns-import.server.ts"]),
    );
  });

  test("every service is a .server module (it runs models in transactions)", () => {
    const found = services.filter((file) => !isServerModule(file.file)).map((file) => `${file.file}: rename it *.server.ts`);
    expect(found).toEqual([]);
  });

  test("models and the domain never import a service (services call them, not the reverse)", () => {
    const below = APP.filter((file) => under("app/models")(file.file) || under("app/domain")(file.file));
    const found = violations(below, (_file, edge) =>
      under("app/services")(edge.target)
        ? "a service combines models and domain; move what both need down into a model or the domain"
        : null,
    );
    expect(found).toEqual([]);
  });

  test("one Executor type (db/schema.ts): no file declares its own Kysely-or-Transaction union", () => {
    const union = /Kysely<Database>\s*\|\s*Transaction<Database>/;
    const found = [...APP, readSource("db/client.ts")]
      .filter((file) => union.test(file.text))
      .map((file) => `${file.file}: import type { Executor } from db/schema instead`);
    expect(found).toEqual([]);
  });
});

describe("architecture: server-only code stays on the server", () => {
  test("a module that loads a Node-only package is named .server", () => {
    const found = violations(APP, (file, edge) =>
      !edge.typeOnly && isServerOnlyPackage(edge.target) && !isServerModule(file.file)
        ? "rename the module *.server.ts so Remix keeps it out of the browser bundle"
        : null,
    );
    expect(found).toEqual([]);
  });

  test("components never load .server modules, models, services or utils that run on the server", () => {
    const components = APP.filter((file) => under("app/components")(file.file));
    const found = violations(components, (_file, edge) =>
      !edge.typeOnly && (isServerModule(edge.target) || isServerOnlyPackage(edge.target) || under("db")(edge.target))
        ? "a component renders the data its route hands it"
        : null,
    );
    expect(found).toEqual([]);
  });

  test("charts use d3's pure modules only: d3-array, d3-scale, d3-shape (no umbrella, no d3-selection or d3-axis)", () => {
    const found = violations(APP, (_file, edge) =>
      (edge.target === "d3" || edge.target.startsWith("d3-")) && !["d3-array", "d3-scale", "d3-shape"].includes(edge.target)
        ? "geometry comes from pure d3 modules and is drawn in JSX (ADR 008)"
        : null,
    );
    expect(found).toEqual([]);
  });

  test("nothing imports a route module", () => {
    const found = violations(APP, (_file, edge) =>
      under("app/routes")(edge.target) ? "share code through components, domain or models instead" : null,
    );
    expect(found).toEqual([]);
  });
});

describe("architecture: the rules catch what they are for", () => {
  // The rules above pass on today's tree; these show the readers they rely on see the mistakes.
  test("type-only imports are told apart from imports that run", () => {
    const file = parseSource(
      "app/components/x.tsx",
      'import type { A } from "~/models/a.server";\nimport { type B } from "../models/b.server";\nimport { type C, d } from "~/models/c.server";\nimport "~/models/e.server";',
    );
    expect(file.imports.map((edge) => [edge.target, edge.typeOnly, edge.values])).toEqual([
      ["app/models/a.server", true, []],
      ["app/models/b.server", true, []],
      ["app/models/c.server", false, ["d"]],
      ["app/models/e.server", false, ["*"]],
    ]);
  });

  test("the query pattern sees a query builder and tagged SQL, not the words in prose", () => {
    expect(QUERY_CALL.test("await db.selectFrom('rounds')")).toBe(true);
    expect(QUERY_CALL.test("trx\n  .deleteFrom('x')")).toBe(true);
    expect(QUERY_CALL.test("sql<number>`count(*)`")).toBe(true);
    expect(QUERY_CALL.test("// select from the rounds the user may see")).toBe(false);
  });

  test("package names are read with their scope", () => {
    expect(packageName("@remix-run/node")).toBe("@remix-run/node");
    expect(packageName("d3-array")).toBe("d3-array");
    expect(packageName("@conform-to/zod/v4")).toBe("@conform-to/zod");
    expect(resolveTarget("app/domain/metrics.ts", "../models/user.server")).toBe("app/models/user.server");
  });
});
