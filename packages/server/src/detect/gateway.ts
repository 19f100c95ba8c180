/**
 * The PI-safe generative-AI gateway (Shenzhen plan; PIPL Art. 51 de-identification): PI in the
 * chat messages is tokenized before the prompt leaves, and the tokens in the answer — streamed or
 * not — are restored on the way back. A policy may refuse prompts that carry sensitive PI.
 */
import { DomainError, detectorTypeInfo } from "@pipguard/core";
import { redactText } from "./redact.js";
import { TokenVault } from "./vault.js";

/** One chat message as OpenAI-compatible clients send it (text or text parts; other fields pass through). */
export interface ChatMessage {
  role: string;
  content?: string | { type: string; text?: string | undefined; [k: string]: unknown }[] | null | undefined;
  [k: string]: unknown;
}

/** Tokenizes the text of every message; throws SENSITIVE_PI_REFUSED under the refuse policy. */
export function tokenizeMessages(messages: ChatMessage[], opts: { refuseSensitive: boolean }): { messages: ChatMessage[]; vault: TokenVault; found: number } {
  const vault = new TokenVault();
  let found = 0;
  const one = (text: string): string => {
    const r = redactText(text, { mode: "tokenize", vault });
    found += r.findings.length;
    if (opts.refuseSensitive) {
      const sensitive = [...new Set(r.findings.filter((f) => detectorTypeInfo(f.type).sensitive).map((f) => f.type))];
      if (sensitive.length > 0) throw new DomainError("SENSITIVE_PI_REFUSED", "the prompt carries sensitive personal information", { types: sensitive });
    }
    return r.text;
  };
  const out = messages.map((m) => {
    if (typeof m.content === "string") return { ...m, content: one(m.content) };
    if (Array.isArray(m.content)) return { ...m, content: m.content.map((p) => (typeof p.text === "string" ? { ...p, text: one(p.text) } : p)) };
    return m;
  });
  return { messages: out, vault, found };
}

/** Restores tokens in a complete (non-streamed) chat completion. */
export function restoreCompletion(body: unknown, vault: TokenVault): unknown {
  const b = body as { choices?: { message?: { content?: unknown } }[] };
  if (!Array.isArray(b?.choices)) return body;
  for (const c of b.choices) if (c.message && typeof c.message.content === "string") c.message.content = vault.restore(c.message.content);
  return body;
}

/** Longest token a vault writes (`<cn_license_plate_99999>`), the most a stream holds back. */
const MAX_TOKEN = 32;

/**
 * Restores tokens in a server-sent-event stream of chat-completion chunks. A token may arrive split
 * across chunks (`<cn_mob` + `ile_1>`), so each choice holds back a tail that could still become
 * one, and releases it with the next chunk or at the end.
 */
export class StreamRestorer {
  private pending = new Map<number, string>();
  private buf = "";
  constructor(private readonly vault: TokenVault) {}

  /** Feeds raw SSE text; returns the SSE text to send on. */
  push(text: string): string {
    this.buf += text;
    let out = "";
    for (let i = this.buf.indexOf("\n\n"); i >= 0; i = this.buf.indexOf("\n\n")) {
      out += this.event(this.buf.slice(0, i));
      this.buf = this.buf.slice(i + 2);
    }
    return out;
  }

  /** Flushes what is left at the end of the stream. */
  end(): string {
    const rest = this.buf.trim() ? this.event(this.buf) : "";
    this.buf = "";
    return rest;
  }

  private event(raw: string): string {
    const data = raw
      .split("\n")
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).trimStart())
      .join("\n");
    if (data === "") return `${raw}\n\n`;
    if (data === "[DONE]") return `${this.flushAll()}data: [DONE]\n\n`;
    let chunk: { choices?: { index?: number; delta?: { content?: unknown }; finish_reason?: unknown }[] };
    try {
      chunk = JSON.parse(data);
    } catch {
      return `${raw}\n\n`;
    }
    for (const c of chunk.choices ?? []) {
      const idx = c.index ?? 0;
      const text = (this.pending.get(idx) ?? "") + (typeof c.delta?.content === "string" ? c.delta.content : "");
      let cut = text.length;
      const lt = text.lastIndexOf("<");
      if (!c.finish_reason && lt >= 0 && text.indexOf(">", lt) < 0 && text.length - lt <= MAX_TOKEN) cut = lt;
      this.pending.set(idx, text.slice(cut));
      if (c.delta && (typeof c.delta.content === "string" || cut > 0)) c.delta.content = this.vault.restore(text.slice(0, cut));
    }
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }

  private flushAll(): string {
    let out = "";
    for (const [index, text] of this.pending) {
      if (text) out += `data: ${JSON.stringify({ choices: [{ index, delta: { content: this.vault.restore(text) }, finish_reason: null }] })}\n\n`;
    }
    this.pending.clear();
    return out;
  }
}
