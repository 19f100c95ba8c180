/** Privacy-policy text normalisation: HTML / Markdown / plain text → sentences. */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

/** Strips HTML tags (keeping block breaks) and Markdown markup, decodes the common entities. */
export function policyToText(input: string): string {
  let s = input;
  if (/<\/?[a-z][\s\S]*?>/i.test(s)) {
    s = s.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ");
    s = s.replace(/<\/?(p|div|br|li|h[1-6]|tr|td|th|section|article|ul|ol|table)\b[^>]*>/gi, "\n");
    s = s.replace(/<[^>]+>/g, " ");
    s = s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (m, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#") && name !== "#39") return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? m;
    });
  }
  // Markdown: headings, emphasis, links [text](url) → "text url", table pipes.
  s = s.replace(/^#{1,6}\s*/gm, "").replace(/\*\*|__|`/g, "");
  s = s.replace(/\[([^\]]*)\]\(([^)]*)\)/g, "$1 $2").replace(/\|/g, " ");
  return s.replace(/[ \t\u3000]+/g, " ");
}

/** Splits text into sentences on Chinese and Western sentence ends and line breaks. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/(?<=[。！？；!?;])|\n+/)) {
    const t = part.trim();
    if (t.length > 1) out.push(t);
  }
  return out;
}
