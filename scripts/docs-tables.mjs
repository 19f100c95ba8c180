#!/usr/bin/env node
// Regenerates the generated parts of the docs from the code, so they cannot drift:
//   docs/api.md  — the "Route groups" table, from /openapi.json of an in-process app;
//   docs/cli.md  — the "All commands" list, from the CLI's own help.
// Run after `npm run build`: node scripts/docs-tables.mjs
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const server = await import(join(process.cwd(), "packages/server/dist/index.js"));
const dataDir = mkdtempSync(join(tmpdir(), "pipguard-docs-"));
const ctx = await server.createContext(
  server.loadConfig({ NODE_ENV: "test", PIPGUARD_DATA_DIR: dataDir, PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64") }),
  {
    logger: server.createLogger({ level: "silent" }),
  },
);
const doc = await (await server.createApp(ctx).request("/openapi.json")).json();
await ctx.db.close();
rmSync(dataDir, { recursive: true, force: true });

const groups = new Map();
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const tag = op.tags?.[0] ?? "other";
    const g = groups.get(tag) ?? { routes: [], auth: new Set() };
    g.routes.push(`\`${method.toUpperCase()} ${path}\``);
    g.auth.add(op["x-pipguard-auth"] ?? (op.security?.length ? "?" : "public"));
    groups.set(tag, g);
  }
}
const rows = [...groups].map(([tag, g]) => `| ${tag} | ${g.routes.join(", ")} | ${[...g.auth].join(" / ")} |`);
const apiTable = ["| group | routes | auth |", "|---|---|---|", ...rows].join("\n");

const replaceBetween = (file, start, end, body) => {
  const text = readFileSync(file, "utf8");
  const i = text.indexOf(start);
  const j = text.indexOf(end, i + start.length);
  if (i < 0 || j < 0) throw new Error(`${file}: markers ${start} … ${end} not found`);
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`);
};
replaceBetween("docs/api.md", "<!-- routes:start -->", "<!-- routes:end -->", apiTable);

// CLI: every leaf command with its description, from commander's help output.
const cli = (args) => execFileSync(process.execPath, ["packages/cli/dist/bin.js", ...args, "--help"], { encoding: "utf8" });
const commandsOf = (help) => {
  const out = [];
  const section = help.split(/\nCommands:\n/)[1];
  if (!section) return out;
  let last;
  for (const line of section.split("\n")) {
    const m = /^ {2}(\S+)((?: [^ ].*?)?)\s{2,}(.*)$/.exec(line);
    if (m) {
      last = { name: m[1], args: m[2].trim(), description: m[3].trim() };
      if (m[1] !== "help") out.push(last);
    } else if (last && /^ {6,}\S/.test(line)) last.description += ` ${line.trim()}`; // commander wraps long descriptions
  }
  return out;
};
const lines = [];
const walk = (path) => {
  for (const c of commandsOf(cli(path))) {
    const sub = commandsOf(cli([...path, c.name]));
    if (sub.length > 0) walk([...path, c.name]);
    else lines.push(`| \`${[...path, c.name, c.args].filter(Boolean).join(" ")}\` | ${c.description.replaceAll("|", "\\|")} |`);
  }
};
walk([]);
replaceBetween("docs/cli.md", "<!-- commands:start -->", "<!-- commands:end -->", ["| command | what it does |", "|---|---|", ...lines].join("\n"));
console.log(`docs/api.md: ${rows.length} route groups; docs/cli.md: ${lines.length} commands`);
