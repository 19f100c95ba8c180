import { createInterface } from "node:readline";
import { ROLES, type Role } from "@pipguard/server";
import type { Command } from "commander";
import { readStdin, withContext } from "../local.js";
import { emit, fail } from "../output.js";

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) return (await readStdin()).replace(/\r?\n$/, "");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  let muted = false;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (!muted) write.call(rl, s);
  };
  const q = (text: string) =>
    new Promise<string>((resolve) => {
      rl.question(text, (a) => resolve(a));
      muted = true;
    });
  const first = await q("Password (12+ characters): ");
  muted = false;
  process.stderr.write("\n");
  const again = await q("Repeat: ");
  process.stderr.write("\n");
  rl.close();
  if (first !== again) throw new Error("the passwords differ");
  return first;
}

/** `pipguard admin create`: the first admin (or any other) without a default password. */
export function registerAdmin(program: Command): void {
  const admin = program.command("admin").description("admin users / 管理员");
  admin
    .command("create")
    .description("create an admin user; the password is read from the terminal or standard input")
    .requiredOption("--username <name>", "login name")
    .option("--role <role>", `one of ${ROLES.join(", ")}`, "admin")
    .option("--display-name <name>", "shown in the console")
    .option("--json", "machine-readable output")
    .action(async (opts: { username: string; role: string; displayName?: string; json?: boolean }) => {
      try {
        if (!(ROLES as readonly string[]).includes(opts.role)) {
          process.stderr.write(`pipguard: --role must be one of ${ROLES.join(", ")}\n`);
          process.exitCode = 2;
          return;
        }
        const password = await askPassword();
        const user = await withContext((ctx) =>
          ctx.auth.createUser({ username: opts.username, password, role: opts.role as Role, ...(opts.displayName ? { displayName: opts.displayName } : {}) }),
        );
        emit(Boolean(opts.json), user, () => `created ${user.role} '${user.username}' (${user.id})`);
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}
