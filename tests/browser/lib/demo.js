// `blossom serve --demo --short-rounds` for the walks (walk.mjs, stage-walk.mjs):
// started in a folder of its own on a free port, read until it is ready; its
// links as it printed them. Not for the tests, which set up their own events.
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function startDemo(bin) {
  const dir = mkdtempSync(join(tmpdir(), "blossom-walk-"));
  const port = 18000 + Math.floor(Math.random() * 2000);
  const env = { ...process.env };
  delete env.BLOSSOM_ADMIN_TOKEN;
  const server = spawn(bin, ["serve", "--demo", "--short-rounds", "--bind", `127.0.0.1:${port}`], { cwd: dir, env });
  // Whatever happens, the server goes with the walk.
  process.on("exit", () => server.kill());
  let printed = "";
  server.stdout.on("data", (d) => { printed += d; });
  for (let i = 0; i < 100 && !/API document/.test(printed); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    base: `http://127.0.0.1:${port}`,
    token: readFileSync(join(dir, "blossom.admin-token"), "utf8").trim(),
    /** A staff member's link, by role, as the demo printed it. */
    link: (role) => new RegExp(`${role}\\s+(\\S+)`).exec(printed)[1],
    guests: [...printed.matchAll(/(http:\S+\/p\/#\S+)/g)].map((m) => m[1]),
    stop: () => server.kill(),
  };
}
