/**
 * PIPGUARD_WIDGET_ORIGINS: which web origins may call the consent widget's endpoints from a browser
 * (CORS). Entries are separated by commas or whitespace; `https://shop.example.cn` allows that origin
 * for every app, `shop=https://shop.example.cn` for app `shop` only. Unset: same-origin pages only.
 */
export interface WidgetOrigins {
  /** Allowed for every app. */
  any: ReadonlySet<string>;
  /** Allowed per app key. */
  byApp: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Canonical origin (scheme://host[:port], lower case, no path) or undefined when `v` is not one. */
function canonicalOrigin(v: string): string | undefined {
  try {
    const u = new URL(v);
    if ((u.protocol !== "https:" && u.protocol !== "http:") || u.pathname.length > 1 || u.search || u.hash || u.username) return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** Parses the variable; throws on a malformed entry. */
export function parseWidgetOrigins(value: string): WidgetOrigins {
  const any = new Set<string>();
  const byApp = new Map<string, Set<string>>();
  for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
    const eq = entry.indexOf("=");
    const app = eq > 0 ? entry.slice(0, eq) : undefined;
    const origin = canonicalOrigin(eq > 0 ? entry.slice(eq + 1) : entry);
    if (!origin || (app !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(app))) throw new Error("malformed widget origin entry");
    if (app === undefined) any.add(origin);
    else byApp.set(app, (byApp.get(app) ?? new Set()).add(origin));
  }
  return { any, byApp };
}

/** True when the variable parses. */
export function parseWidgetOriginsSafe(value: string): boolean {
  try {
    parseWidgetOrigins(value);
    return true;
  } catch {
    return false;
  }
}

/** True when a browser page at `origin` may call the widget endpoints of `app`. */
export function isWidgetOriginAllowed(origins: WidgetOrigins, app: string, origin: string): boolean {
  return origins.any.has(origin) || (origins.byApp.get(app)?.has(origin) ?? false);
}
