// `npm start`: build if the build is missing or older than the source, migrate the database,
// seed demo data into a brand-new database outside production, then serve.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { listen } from "./server.mjs";

const root = path.resolve(import.meta.dirname, "..");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const buildFile = path.join(root, "build", "index.js");
if (!existsSync(buildFile) || statSync(buildFile).mtimeMs < newestMtime(path.join(root, "app"))) {
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
}

// The configuration as the app's schema reads it (it stops here, naming the variable, if one is wrong).
const build = await import(buildFile);
const env = (build.default ?? build).entry.module.getEnv();

const migrateArgs = ["scripts/cli.ts", "migrate"];
if (env.NODE_ENV !== "production") migrateArgs.push("--seed-demo-if-new");
execFileSync(path.join(root, "node_modules", ".bin", "tsx"), migrateArgs, { cwd: root, stdio: "inherit" });

await listen();
