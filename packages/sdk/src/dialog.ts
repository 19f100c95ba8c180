/**
 * The consent dialog (PIPL Arts. 14, 17, 23, 29, 31; GB/T 35273-2020 5.4; Shenzhen plan): every purpose
 * is its own choice with its own Agree and Refuse of the same size and style; nothing is pre-selected;
 * separate consents (单独同意) are marked and chosen one by one; a child under 14 is asked to hand over
 * to a parent or guardian. role=dialog, aria-modal, labelled and described, focus kept inside, Esc
 * closes without consenting, and focus returns where it was.
 */
import type { Choice, Config, Locale, Purpose, State } from "./api.js";
import { CSS } from "./style.js";
import { type Words, words } from "./text.js";

export interface DialogResult {
  locale: Locale;
  guardian: boolean;
  choices: { purpose: string; choice: Choice }[];
}

export interface DialogOptions {
  config: Config;
  state: State;
  purposes: Purpose[];
  locale: Locale;
  /** true: guardian flow; false: the person is 14 or older; undefined: ask. */
  child: boolean | undefined;
  /** Records a result; a rejection is shown and the dialog stays open. */
  submit(r: DialogResult): Promise<void>;
  /** Called once when the dialog goes away. */
  closed(): void;
}

type Kids = (Node | string | null | false)[];

function h(tag: string, attrs: Record<string, string | boolean> = {}, ...kids: Kids): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    if (k.startsWith("on")) continue;
    el.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k) el.append(k);
  return el;
}

const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));

/** Opens the dialog in a fresh shadow root under `host`; returns a function that closes it. */
export function openDialog(host: HTMLElement, o: DialogOptions): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  const before = document.activeElement as HTMLElement | null;
  let locale = o.locale;
  let child = o.child;
  let step: "age" | "guardian" | "choose" = child === undefined ? "age" : child ? "guardian" : "choose";
  const picked = new Map<string, "agree" | "refuse">();
  let busy = false;
  let error = "";
  let done = false;

  const close = () => {
    if (done) return;
    done = true;
    root.replaceChildren();
    host.remove();
    before?.focus?.();
    o.closed();
  };
  // Esc / "not now" always closes at once: closing never depends on the network (the record of the
  // dismissed prompt is sent on the way out, and a failure there only fires an "error" event).
  const dismiss = () => {
    if (busy) return;
    o.submit({ locale, guardian: child === true, choices: o.purposes.map((p) => ({ purpose: p.code, choice: "dismiss" as Choice })) }).catch(() => {});
    close();
  };
  const finish = async (choices: DialogResult["choices"]) => {
    busy = true;
    error = "";
    render();
    try {
      await o.submit({ locale, guardian: child === true, choices });
      busy = false;
      close();
    } catch {
      busy = false;
      error = words(locale).error;
      render();
    }
  };

  const button = (label: string, onClick: () => void, attrs: Record<string, string | boolean> = {}) => {
    const b = h("button", { type: "button", ...attrs }, label);
    b.addEventListener("click", onClick);
    return b;
  };

  const purposeItem = (p: Purpose, w: Words) => {
    const en = locale === "en";
    const cur = o.state.purposes.find((s) => s.purpose === p.code)?.state;
    const tags: string[] = [];
    if (child || p.kind === "guardian") tags.push(w.guardian);
    else if (p.kind === "separate") tags.push(w.separate);
    if (p.sensitive) tags.push(w.sensitive);
    if (p.thirdParty) tags.push(w.thirdParty);
    if (p.crossBorder) tags.push(w.crossBorder);
    const nameId = `n-${p.code}`;
    const choice = (c: "agree" | "refuse") =>
      button(
        c === "agree" ? w.agree : w.refuse,
        () => {
          picked.set(p.code, c);
          render();
          (root.querySelector(`[data-p="${p.code}"][data-c="${c}"]`) as HTMLElement | null)?.focus();
        },
        { "aria-pressed": String(picked.get(p.code) === c), "data-p": p.code, "data-c": c, "aria-describedby": nameId, disabled: busy },
      );
    return h(
      "li",
      { "data-purpose": p.code, "data-kind": p.kind },
      h("div", { class: "name", id: nameId }, en ? p.nameEn : p.nameZh, ...tags.map((t) => h("span", { class: "tag" }, t))),
      p.description ? h("p", { class: "muted" }, p.description) : null,
      ...p.reasons.map((r) => h("p", { class: "why" }, en ? `${r.en} (${r.article})` : `${r.zh}（${r.article}）`)),
      cur ? h("p", { class: "muted" }, fill(w.current, { s: w[cur === "refuse" ? "refused" : cur] })) : null,
      h("div", { class: "row", role: "group", "aria-labelledby": nameId }, choice("refuse"), choice("agree")),
    );
  };

  const render = () => {
    if (done) return;
    const w = words(locale);
    const cfg = o.config;
    const org = cfg.organisation ? (locale === "en" ? cfg.organisation.nameEn : cfg.organisation.nameZh) : locale === "en" ? "We" : "我们";
    const title = h("h2", { id: "t", tabindex: "-1" }, step === "guardian" ? w.guardianTitle : step === "age" ? w.ageQ : w.title);
    const lang = button(
      w.lang,
      () => {
        locale = locale === "en" ? "zh-CN" : "en";
        dlg.setAttribute("lang", locale);
        render();
      },
      { class: "lang", lang: locale === "en" ? "zh-CN" : "en" },
    );
    const body: Kids = [];
    if (step === "age") {
      body.push(h("p", { id: "d" }, w.ageNote));
      body.push(
        h(
          "div",
          { class: "row" },
          button(w.under14, () => {
            child = true;
            step = "guardian";
            render();
          }),
          button(w.over14, () => {
            child = false;
            step = "choose";
            render();
          }),
        ),
      );
      body.push(h("div", { class: "row" }, button(w.cancel, dismiss)));
    } else if (step === "guardian") {
      body.push(h("p", { id: "d", class: "note" }, w.guardianNote));
      if (cfg.policy?.childrenUrl) body.push(h("p", {}, h("a", { href: cfg.policy.childrenUrl, target: "_blank", rel: "noopener" }, w.children)));
      body.push(
        h(
          "div",
          { class: "row" },
          button(w.cancel, dismiss),
          button(w.guardianGo, () => {
            step = "choose";
            render();
          }),
        ),
      );
    } else {
      body.push(h("p", { id: "d" }, fill(w.intro, { org })));
      if (child) body.push(h("p", { class: "note" }, w.guardianNote));
      if (cfg.policy) {
        const links = h("p", {}, h("a", { href: cfg.policy.url, target: "_blank", rel: "noopener" }, fill(w.policy, { v: cfg.policy.version })));
        if (child && cfg.policy.childrenUrl) links.append(" · ", h("a", { href: cfg.policy.childrenUrl, target: "_blank", rel: "noopener" }, w.children));
        body.push(links);
      }
      body.push(h("ul", {}, ...o.purposes.map((p) => purposeItem(p, w))));
      body.push(h("p", { class: "err", role: "alert" }, error));
      body.push(
        h(
          "div",
          { class: "row" },
          button(w.later, dismiss, { disabled: busy, "data-action": "later" }),
          button(w.save, () => void finish(o.purposes.map((p) => ({ purpose: p.code, choice: picked.get(p.code) ?? ("dismiss" as Choice) }))), {
            class: "main",
            disabled: busy || picked.size === 0,
            "data-action": "save",
          }),
        ),
      );
    }
    const focusedKey = (root.activeElement as HTMLElement | null)?.dataset?.action;
    dlg.replaceChildren(h("div", { class: "top" }, title, lang), ...body.filter((x): x is Node | string => Boolean(x)));
    if (focusedKey) (dlg.querySelector(`[data-action="${focusedKey}"]`) as HTMLElement | null)?.focus();
    else if (!dlg.contains(root.activeElement)) title.focus();
  };

  const dlg = h("div", { class: "dlg", role: "dialog", "aria-modal": "true", "aria-labelledby": "t", "aria-describedby": "d", lang: locale });
  dlg.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      dismiss();
    } else if (e.key === "Tab") {
      // Focus trap: Tab and Shift+Tab cycle inside the dialog.
      const all = [...dlg.querySelectorAll<HTMLElement>("button:not([disabled]),a[href]")];
      const first = all[0];
      const last = all[all.length - 1];
      const active = root.activeElement;
      if (e.shiftKey && (active === first || active === dlg.querySelector("h2"))) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  });
  const style = h("style", {}, CSS);
  root.replaceChildren(style, h("div", { class: "bd" }, dlg));
  render();
  return close;
}
