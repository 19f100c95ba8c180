/** `pipguard consent grant|withdraw|show`, `pipguard ledger verify|export`, `pipguard receipt get|verify`. */
import { readFileSync, writeFileSync } from "node:fs";
import { CONSENT_ACTIONS, CONSENT_EVENT_KINDS, type ConsentAction, type ConsentEventKind, DomainError } from "@pipguard/core";
import { catalogService, consentArea, ledgerPages, verifyLedger, verifyReceipt } from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { EXIT, emit, fail, table } from "../output.js";
import { countBar } from "../progress.js";

interface EventOpts {
  subject: string;
  app: string;
  purpose: string;
  kind?: string;
  policyVersion?: string;
  channel?: string;
  json?: boolean;
}

function kindOf(k: string | undefined): ConsentEventKind {
  const kind = k ?? "general";
  if (!(CONSENT_EVENT_KINDS as readonly string[]).includes(kind))
    throw new DomainError("VALIDATION_FAILED", `--kind must be one of ${CONSENT_EVENT_KINDS.join(", ")}`);
  return kind as ConsentEventKind;
}

function eventCommand(cmd: Command, action: "grant" | "withdraw" | "refuse", description: string): void {
  cmd
    .command(action)
    .description(description)
    .requiredOption("--subject <id>", "subject id")
    .requiredOption("--app <key>", "app (catalog system key)")
    .requiredOption("--purpose <code>", "purpose code")
    .option("--kind <kind>", "general | separate (单独同意) | guardian (监护人同意)", "general")
    .option("--policy-version <n>", "privacy-policy version shown (required to grant)")
    .option("--channel <name>", "where it was collected", "cli")
    .option("--json", "machine-readable output")
    .action(async (o: EventOpts) => {
      try {
        const r = await withContext((ctx) =>
          consentArea(ctx).consent.record({
            subjectId: o.subject,
            app: o.app,
            purpose: o.purpose,
            action,
            kind: kindOf(o.kind),
            policyVersion: o.policyVersion === undefined ? undefined : Number(o.policyVersion),
            channel: o.channel ?? "cli",
          }),
        );
        emit(
          Boolean(o.json),
          { event: r.event, decision: r.decision },
          () => `${action} recorded as ledger #${r.event.seq}; decision: ${r.decision.allow ? "allow" : "deny"} (${r.decision.reason})`,
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}

/** One JSONL line of `consent import` as a batch item, or why it is not one (no values echoed). */
function importItem(line: string): { input: Parameters<ReturnType<typeof consentArea>["consent"]["record"]>[0]; idempotencyKey?: string } | string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return "not valid JSON";
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) return "not a JSON object";
  for (const k of ["subjectId", "app", "purpose", "action"]) if (typeof o[k] !== "string" || o[k] === "") return `${k} is required`;
  if (!(CONSENT_ACTIONS as readonly string[]).includes(o.action as string)) return `action must be one of ${CONSENT_ACTIONS.join(", ")}`;
  const kind = o.kind ?? "general";
  if (!(CONSENT_EVENT_KINDS as readonly string[]).includes(kind as string)) return `kind must be one of ${CONSENT_EVENT_KINDS.join(", ")}`;
  if (o.policyVersion !== undefined && !Number.isInteger(o.policyVersion)) return "policyVersion must be an integer";
  return {
    input: {
      subjectId: o.subjectId as string,
      app: o.app as string,
      purpose: o.purpose as string,
      action: o.action as ConsentAction,
      kind: kind as ConsentEventKind,
      policyVersion: o.policyVersion as number | undefined,
      noticeHash: typeof o.noticeHash === "string" ? o.noticeHash : undefined,
      channel: typeof o.channel === "string" ? o.channel : "import",
    },
    ...(typeof o.idempotencyKey === "string" ? { idempotencyKey: `import:${o.idempotencyKey}` } : {}),
  };
}

/** Registers `consent`, `ledger` and `receipt`. */
export function registerConsent(program: Command): void {
  const consent = program.command("consent").description("consent ledger / 同意记录: grant, withdraw, show");
  eventCommand(consent, "grant", "record a consent (同意) to a purpose");
  eventCommand(consent, "withdraw", "withdraw a consent (撤回同意, PIPL Art. 15); takes effect at once");
  eventCommand(consent, "refuse", "record a refusal (拒绝)");
  consent
    .command("import <file>")
    .description("append consent events from a JSONL file (one RecordConsent object per line, as POST /api/v1/consents/batch), 1,000 per group commit")
    .option("--json", "machine-readable output")
    .action(async (file: string, o: { json?: boolean }) => {
      try {
        const lines = readFileSync(file, "utf8").split("\n");
        const failures: { line: number; code: string; message: string }[] = [];
        const items: { line: number; item: Exclude<ReturnType<typeof importItem>, string> }[] = [];
        lines.forEach((text, i) => {
          if (text.trim() === "") return;
          const item = importItem(text);
          if (typeof item === "string") failures.push({ line: i + 1, code: "VALIDATION_FAILED", message: item });
          else items.push({ line: i + 1, item });
        });
        let recorded = 0;
        let replayed = 0;
        await withContext(async (ctx) => {
          const bar = countBar("importing", items.length);
          for (let i = 0; i < items.length; i += 1000) {
            const chunk = items.slice(i, i + 1000);
            const out = await consentArea(ctx).consent.recordMany(chunk.map((c) => c.item));
            out.forEach((r, k) => {
              if (r.status === "recorded") recorded++;
              else if (r.status === "replayed") replayed++;
              else failures.push({ line: chunk[k]!.line, code: r.error?.code ?? "INTERNAL", message: r.error?.message ?? "" });
            });
            bar.update(Math.min(items.length, i + 1000));
          }
          bar.done();
        });
        failures.sort((a, b) => a.line - b.line);
        emit(Boolean(o.json), { recorded, replayed, failed: failures.length, failures }, () =>
          [
            `${recorded} recorded, ${replayed} already recorded (same idempotencyKey), ${failures.length} failed`,
            ...failures.slice(0, 50).map((f) => `  line ${f.line}: ${f.code} ${f.message}`),
            ...(failures.length > 50 ? [`  … and ${failures.length - 50} more`] : []),
          ].join("\n"),
        );
        if (failures.length > 0) process.exitCode = EXIT.failure;
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
  consent
    .command("show")
    .description("a subject's consent state and decision per purpose")
    .requiredOption("--subject <id>", "subject id")
    .option("--json", "machine-readable output")
    .action(async (o: { subject: string; json?: boolean }) => {
      try {
        const rows = await withContext(async (ctx) => {
          const { consent: svc, subjects } = consentArea(ctx);
          await subjects.get(o.subject);
          const out = [];
          for (const code of (await svc.compiledPurposes()).keys()) {
            const s = await svc.state(o.subject, code);
            const d = await svc.decideFor(o.subject, code);
            out.push({
              purpose: code,
              state: s?.action ?? null,
              kind: s?.kind ?? null,
              at: s?.at ?? null,
              allow: d.allow,
              reason: d.reason,
              nonPersonalised: d.nonPersonalised,
            });
          }
          return out;
        });
        emit(Boolean(o.json), { subjectId: o.subject, purposes: rows }, () =>
          table([
            ["PURPOSE", "STATE", "KIND", "DECISION", "REASON"],
            ...rows.map((r) => [r.purpose, r.state ?? "-", r.kind ?? "-", r.allow ? "allow" : "deny", r.reason]),
          ]),
        );
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  const ledger = program.command("ledger").description("the hash-chained consent ledger: verify, export");
  ledger
    .command("verify")
    .description("check the hash chain; exit 1 and the first broken position when it is broken")
    .option("--json", "machine-readable output")
    .action(async (o: { json?: boolean }) => {
      try {
        const v = await withContext((ctx) => verifyLedger(ctx));
        emit(Boolean(o.json), v, () =>
          v.ok ? `OK: ${v.count} events, chain intact` : `BROKEN at position ${v.position} (${v.problem}); ${v.count} events stored`,
        );
        if (!v.ok) process.exitCode = EXIT.failure;
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
  ledger
    .command("export")
    .description("write every event as JSON lines")
    .option("--out <file>", "write to a file instead of standard output")
    .option("--json", "machine-readable summary (with --out)")
    .action(async (o: { out?: string; json?: boolean }) => {
      try {
        const text = await withContext(async (ctx) => {
          let s = "";
          for await (const page of ledgerPages(ctx)) for (const e of page) s += `${JSON.stringify(e)}\n`;
          return s;
        });
        if (!o.out) process.stdout.write(text);
        else {
          writeFileSync(o.out, text, "utf8");
          const n = text ? text.trimEnd().split("\n").length : 0;
          emit(Boolean(o.json), { written: o.out, events: n }, () => `wrote ${n} events to ${o.out}`);
        }
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  const receipt = program.command("receipt").description("signed consent receipts (Ed25519)");
  receipt
    .command("get <eventId>")
    .description("write the signed receipt of a ledger event")
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (eventId: string, o: { out?: string }) => {
      try {
        const r = await withContext(async (ctx) => {
          const e = await consentArea(ctx).consent.repo.findEvent(eventId);
          if (!e) throw new DomainError("NOT_FOUND", "no such consent event");
          const cat = catalogService(ctx);
          const purpose = (await cat.listPurposes()).find((p) => p.code === e.purpose);
          const policyUrl = `${ctx.config.publicUrl ?? ""}/p/${encodeURIComponent(e.app)}/privacy/${e.policyVersion}`;
          return consentArea(ctx).receipts.receipt(e, { organisation: await cat.getOrganisation(), policyUrl, purposeName: purpose?.nameZh ?? null });
        });
        const text = `${JSON.stringify(r, null, 2)}\n`;
        if (o.out) writeFileSync(o.out, text, "utf8");
        else process.stdout.write(text);
      } catch (e) {
        fail(e, false);
      }
    });
  receipt
    .command("verify <file>")
    .description("verify a receipt offline (no database): its Ed25519 signature, and optionally the signing key")
    .option("--public-key <spki>", "the expected key (base64 SPKI, as GET /api/v1/receipts/public-key returns it)")
    .option("--json", "machine-readable output")
    .action((file: string, o: { publicKey?: string; json?: boolean }) => {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(file, "utf8"));
      } catch {
        fail(new DomainError("VALIDATION_FAILED", `cannot read a JSON receipt from ${file}`), Boolean(o.json));
        return;
      }
      const v = verifyReceipt(doc, o.publicKey);
      emit(Boolean(o.json), v, () => (v.ok ? `OK: ${v.reason}` : `INVALID: ${v.reason}`));
      if (!v.ok) process.exitCode = EXIT.failure;
    });
}
