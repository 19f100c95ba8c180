/**
 * pipguard consent widget: `PipguardConsent.init({ app, token })` (script tag, global PipguardConsent)
 * or `import { init } from "…/sdk/pipguard-consent.mjs"`. It loads the app's notice and the subject's
 * state, shows the consent dialog when the prompt governor allows (never within 48 hours of a refusal,
 * GB/T 41391-2022 6.4.4 c), records the choices, answers `can(purpose)` from the cached state and fires
 * "change" events. See docs/widget.md.
 */
import { Api, type Config, type Locale, type PurposeState, type State, type TokenSource, WidgetError } from "./api.js";
import { openDialog } from "./dialog.js";

export type { Config, Locale, Purpose, PurposeState, State, TokenSource } from "./api.js";
export { WidgetError } from "./api.js";

export const version = "0.1.0";

export interface InitOptions {
  /** The app's key in pipguard's catalog. */
  app: string;
  /** The subject token your backend minted (POST /api/v1/widget/tokens), or a function that fetches one. */
  token: TokenSource;
  /** pipguard's base URL; defaults to where the script was loaded from. */
  server?: string;
  /** zh-CN (default) or en; the person can switch in the dialog. */
  locale?: Locale;
  /** Show only these purpose codes (default: every purpose that needs consent). */
  purposes?: string[];
  /** The person's age or birth year if the page knows it; under 14 → a guardian chooses (PIPL Art. 31). */
  age?: number;
  birthYear?: number;
  /** Ask "are you 14 or older?" when neither the page nor pipguard knows the age (default true). */
  askAge?: boolean;
  /** Show the dialog by itself when the governor allows (default true). */
  autoShow?: boolean;
  /** Where the dialog's host element goes (default document.body). */
  container?: HTMLElement;
}

/** Detail of a "change" event. */
export interface ChangeDetail {
  purposes: PurposeState[];
}

const script = typeof document !== "undefined" ? (document.currentScript as HTMLScriptElement | null) : null;
const scriptOrigin = script?.src ? new URL(script.src).origin : undefined;

/** One widget bound to an app and a subject; an EventTarget ("ready", "change", "show", "close", "error"). */
export class ConsentWidget extends EventTarget {
  readonly ready: Promise<void>;
  private readonly api: Api;
  private config: Config | undefined;
  private current: State | undefined;
  private closeDialog: (() => void) | undefined;
  private childAnswer: boolean | undefined;
  private reopen = false;

  constructor(private readonly opts: InitOptions) {
    super();
    const base = (opts.server ?? scriptOrigin ?? location.origin).replace(/\/$/, "");
    this.api = new Api(base, opts.app, opts.token);
    this.ready = this.load().then(
      () => {
        this.emit("ready", this.detail());
        if (opts.autoShow !== false) void this.show();
      },
      (e: unknown) => {
        this.emit("error", e);
        throw e;
      },
    );
    this.ready.catch(() => {});
  }

  private async load(): Promise<void> {
    const [config, state] = await Promise.all([this.api.config(), this.api.state()]);
    this.config = config;
    this.setState(state);
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private detail(): ChangeDetail {
    return { purposes: this.current?.purposes ?? [] };
  }

  private setState(next: State): void {
    const before = JSON.stringify(this.current?.purposes.map((p) => [p.purpose, p.allow, p.state]));
    this.current = next;
    if (before !== undefined && before !== JSON.stringify(next.purposes.map((p) => [p.purpose, p.allow, p.state]))) this.emit("change", this.detail());
  }

  /** Listens to an event; returns a function that stops listening. */
  on(type: "ready" | "change" | "show" | "close" | "error", fn: (detail: ChangeDetail) => void): () => void {
    const l = (e: Event) => fn((e as CustomEvent<ChangeDetail>).detail);
    this.addEventListener(type, l);
    return () => this.removeEventListener(type, l);
  }

  /** May the app process for this purpose now? From the cached state: false until loaded or when unknown. */
  can(purpose: string): boolean {
    return this.current?.purposes.find((p) => p.purpose === purpose)?.allow === true;
  }

  /** The cached state of every purpose shown. */
  get state(): PurposeState[] {
    return this.current?.purposes ?? [];
  }

  /** Reloads the subject's state from pipguard (fires "change" if it changed). */
  async refresh(): Promise<void> {
    this.setState(await this.api.state());
  }

  private child(): boolean | undefined {
    const o = this.opts;
    if (this.current?.under14) return true;
    if (o.age !== undefined) return o.age < 14;
    if (o.birthYear !== undefined) return new Date().getFullYear() - o.birthYear < 14;
    if (this.current?.ageKnown || o.askAge === false) return false;
    return this.childAnswer;
  }

  /**
   * Shows the dialog. Without `force` only purposes the governor allows asking about are shown, and
   * nothing is shown when there are none. `force` is for a link the person clicked ("manage my
   * choices"): every purpose, with its current state. Resolves to whether the dialog opened.
   */
  async show(opts: { force?: boolean } = {}): Promise<boolean> {
    await this.ready;
    if (this.closeDialog || !this.config || !this.current) return false;
    const only = this.opts.purposes;
    const states = new Map(this.current.purposes.map((p) => [p.purpose, p]));
    const purposes = this.config.purposes.filter((p) => (!only || only.includes(p.code)) && (opts.force || states.get(p.code)?.ask === true));
    if (purposes.length === 0 || !this.config.policy) return false;
    const config = this.config;
    const policy = this.config.policy;
    const host = document.createElement("pipguard-consent");
    (this.opts.container ?? document.body).append(host);
    this.closeDialog = openDialog(host, {
      config,
      state: this.current,
      purposes,
      locale: this.opts.locale ?? "zh-CN",
      child: this.child(),
      submit: async (r) => {
        if (r.guardian) this.childAnswer = true;
        const body = { locale: r.locale, policyVersion: policy.version, noticeHash: config.noticeHash[r.locale], guardian: r.guardian, choices: r.choices };
        try {
          this.setState(await this.api.choose(body));
        } catch (e) {
          this.emit("error", e);
          // The notice changed while it was open: load the new one and show it instead.
          if (e instanceof WidgetError && e.code === "POLICY_VERSION_NOT_CURRENT" && r.choices.some((c) => c.choice !== "dismiss")) {
            await this.load();
            this.reopen = true;
            return;
          }
          throw e;
        }
      },
      closed: () => {
        this.closeDialog = undefined;
        this.emit("close", this.detail());
        if (this.reopen) {
          this.reopen = false;
          void this.show({ force: true });
        }
      },
    });
    this.emit("show", this.detail());
    return true;
  }

  /** Closes the dialog (without recording anything) and forgets listeners' targets. */
  destroy(): void {
    this.closeDialog?.();
  }
}

/** Creates a widget; await `widget.ready` before relying on `can()`. */
export function init(opts: InitOptions): ConsentWidget {
  if (!opts?.app || !opts.token) throw new WidgetError(0, "VALIDATION_FAILED", "init needs { app, token }");
  return new ConsentWidget(opts);
}
