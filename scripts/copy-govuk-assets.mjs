// Copies GOV.UK Frontend's compiled CSS, JS, fonts and images into public/ so they are served
// from our own origin (no CDN): its CSS refers to /assets/fonts/… and /assets/images/….
import { cpSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve("govuk-frontend/package.json")), "dist", "govuk");
const publicDir = path.resolve(import.meta.dirname, "..", "public");

mkdirSync(path.join(publicDir, "govuk"), { recursive: true });
cpSync(path.join(dist, "assets"), path.join(publicDir, "assets"), { recursive: true });
for (const file of ["govuk-frontend.min.css", "govuk-frontend.min.js"]) {
  cpSync(path.join(dist, file), path.join(publicDir, "govuk", file));
}
