// ESLint over the pages' scripts (web/js): plain browser scripts, no build step,
// sharing a few globals (each defined by its own file, once). `npm run lint` from
// this folder; .ci/run runs it before the browser tests. Exits 1 on any problem.
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import { ESLint } from "eslint";
import globals from "globals";

const root = fileURLToPath(new URL("../..", import.meta.url));
const shared = ["Audit", "Blossom", "Desks", "Erasure", "EscortsCard", "EventForm", "FollowUp", "Forms", "Guest", "Guests", "HallStage", "Live", "NewLink", "ProgrammeCard", "ProgrammeView",
  "Reminders", "Report", "Results", "Rooms", "Staff", "StageCard", "Views", "Volunteers"];

const config = [
  {
    files: ["web/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "script",
      globals: { ...globals.browser, ...Object.fromEntries(shared.map((g) => [g, "writable"])) },
    },
    rules: {
      ...js.configs.recommended.rules,
      // A shared global is declared by its own file, once.
      "no-redeclare": ["error", { builtinGlobals: false }],
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none", varsIgnorePattern: `^(${shared.join("|")})$` }],
      "eqeqeq": ["error", "smart"],
      "no-var": "error",
      "prefer-const": "error",
      "strict": ["error", "global"],
    },
  },
];

const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
const results = await eslint.lintFiles(["web/js/**/*.js"]);
const formatter = await eslint.loadFormatter("stylish");
const text = formatter.format(results);
if (text) console.log(text);
const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
console.log(`eslint: ${results.length} files, ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
