// Build the GOV.UK Frontend assets the Flask app serves from feedback/static/govuk/.
//
// Run with `npm run build` (the Makefile's `assets` target). Plain Node, no shell tricks, so it
// behaves the same on every platform.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "feedback", "static", "govuk");

// Start clean so nothing stale (an old font, a removed image) is left behind.
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const { css } = sass.compile(join(root, "assets", "app.scss"), {
  style: "compressed",
  // Resolves `@use "pkg:govuk-frontend"` through the package's "sass" export.
  importers: [new sass.NodePackageImporter(root)],
});
writeFileSync(join(out, "app.css"), css);

cpSync(join(frontend, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// The source map spares developer tools a 404; browsers fetch it only when devtools are open.
cpSync(join(frontend, "govuk-frontend.min.js.map"), join(out, "govuk-frontend.min.js.map"));
// Images and the web manifest only: no fonts, because we do not use GDS Transport.
cpSync(join(frontend, "assets", "images"), join(out, "assets", "images"), { recursive: true });
cpSync(join(frontend, "assets", "manifest.json"), join(out, "assets", "manifest.json"));

console.log(`Built GOV.UK Frontend assets in ${out}`);
