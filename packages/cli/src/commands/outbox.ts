import { recentMessages } from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { EXIT, emit, fail, table } from "../output.js";

/** `pipguard outbox list` — the newest messages to requesters and subjects, decrypted (codes, notices). */
export function registerOutbox(program: Command): void {
  const cmd = program.command("outbox").description("messages to requesters and data subjects (one-time codes, notices)");
  cmd
    .command("list")
    .description("the newest messages, decrypted: where to read codes when no mail or SMS transport is configured (the demo)")
    .option("--limit <n>", "at most n (default 10)")
    .option("--json", "JSON output")
    .action(async (o: { limit?: string; json?: boolean }) => {
      const limit = o.limit ? Number(o.limit) : 10;
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        process.stderr.write("pipguard: --limit must be 1 to 200\n");
        process.exitCode = EXIT.usage;
        return;
      }
      try {
        await withContext(async (ctx) => {
          const items = await recentMessages(ctx, limit);
          emit(Boolean(o.json), { items }, () =>
            table([["CREATED", "CHANNEL", "TO", "STATUS", "TEXT"], ...items.map((m) => [m.createdAt, m.channel, m.to, m.status, m.text.split("\n")[0] ?? ""])]),
          );
        });
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
