/** The widget's calls to pipguard's public widget endpoints (docs/widget.md). */

export type Locale = "zh-CN" | "en";

export interface Reason {
  zh: string;
  en: string;
  article: string;
}

export interface Purpose {
  code: string;
  nameZh: string;
  nameEn: string;
  description: string | null;
  kind: "general" | "separate" | "guardian";
  sensitive: boolean;
  thirdParty: boolean;
  crossBorder: boolean;
  reasons: Reason[];
}

export interface Config {
  app: string;
  organisation: { nameZh: string; nameEn: string } | null;
  policy: { version: number; hash: string; url: string; childrenUrl: string | null } | null;
  purposes: Purpose[];
  noticeHash: Record<Locale, string>;
}

export interface PurposeState {
  purpose: string;
  state: "grant" | "refuse" | "withdraw" | null;
  kind: string | null;
  allow: boolean;
  reason: string;
  /** Serve non-personalised results (PIPL Art. 24). */
  nonPersonalised: boolean;
  ask: boolean;
  askReason: string;
  retryAfter: string | null;
}

export interface State {
  under14: boolean;
  ageKnown: boolean;
  purposes: PurposeState[];
}

export type Choice = "agree" | "refuse" | "dismiss";

export interface ChoicesBody {
  locale: Locale;
  policyVersion: number;
  noticeHash: string;
  guardian: boolean;
  choices: { purpose: string; choice: Choice }[];
}

/** A problem+json answer: `code` is stable (WIDGET_TOKEN_EXPIRED, RATE_LIMITED, …). */
export class WidgetError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type TokenSource = string | (() => string | Promise<string>);

/** A small client bound to one server, app and token source. */
export class Api {
  private token: string | undefined;

  constructor(
    private readonly base: string,
    private readonly app: string,
    private readonly source: TokenSource,
  ) {}

  private async send<T>(path: string, init: RequestInit, auth: boolean, retried = false): Promise<T> {
    const headers: Record<string, string> = {};
    if (init.body) headers["Content-Type"] = "application/json";
    if (auth) {
      this.token ??= typeof this.source === "string" ? this.source : await this.source();
      headers["X-Pipguard-Token"] = this.token;
    }
    const res = await fetch(`${this.base}/api/v1/widget/${encodeURIComponent(this.app)}/${path}`, { ...init, headers, credentials: "omit" });
    const body = (await res.json().catch(() => ({}))) as T & { code?: string; detail?: string };
    if (res.ok) return body;
    // A token from a function is fetched again once when it expired.
    if (auth && !retried && body.code === "WIDGET_TOKEN_EXPIRED" && typeof this.source === "function") {
      this.token = undefined;
      return this.send(path, init, auth, true);
    }
    throw new WidgetError(res.status, body.code ?? "HTTP_ERROR", body.detail ?? `HTTP ${res.status}`);
  }

  config(): Promise<Config> {
    return this.send("config", {}, false);
  }

  state(): Promise<State> {
    return this.send("state", {}, true);
  }

  choose(body: ChoicesBody): Promise<State> {
    return this.send("choices", { method: "POST", body: JSON.stringify(body) }, true);
  }
}
