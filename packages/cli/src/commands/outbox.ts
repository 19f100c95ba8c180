import { outboxMessages } from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { EXIT, emit, fail } from "../output.js";

/** `pipguard outbox list` — messages to requesters and data subjects, decrypted (one-time codes, notices). */
export function registerOutbox(program: Command): void {
  const cmd = program.command("outbox").description("messages to requesters and data subjects (one-time codes, notices)");
  cmd
    .command("list")
    .description("the newest messages, decrypted, oldest first: where to read codes when no mail or SMS transport is configured (the demo)")
    .option("--request <id>", "only this rights request's messages")
    .option("--limit <n>", "the newest n (1 to 1000, default 10)")
    .option("--json", "JSON output")
    .action(async (o: { request?: string; limit?: string; json?: boolean }) => {
      const limit = o.limit ? Number(o.limit) : 10;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        process.stderr.write("pipguard: --limit must be 1 to 1000\n");
        process.exitCode = EXIT.usage;
        return;
      }
      try {
        await withContext(async (ctx) => {
          const items = await outboxMessages(ctx, { ...(o.request ? { requestId: o.request } : {}), limit });
          emit(Boolean(o.json), { items }, () =>
            items
              .map((m) => `--- ${m.createdAt} ${m.channel} to ${m.to} (${m.status})${m.requestId ? ` request ${m.requestId}` : ""}\n${m.subject}\n${m.text}`)
              .join("\n\n"),
          );
        });
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}
