/** Small shared pieces: data loading, errors, form fields, the signed-in user. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useId, useState } from "react";
import { ApiError, api } from "./api.js";
import { useI18n } from "./i18n.js";

export interface Me {
  kind: "user" | "api_key";
  id: string;
  username?: string;
  role?: string;
  permissions: string[];
  csrfToken?: string;
}

export const MeContext = createContext<Me | undefined>(undefined);

/** True when the signed-in user holds the permission. */
export function useCan(): (permission: string) => boolean {
  const me = useContext(MeContext);
  return (p) => Boolean(me?.permissions.includes(p));
}

/** The signed-in user. */
export function useMe(): Me | undefined {
  return useContext(MeContext);
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** GETs a path (null: nothing to load) and reloads when it changes or reload() is called. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the reload trigger
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>("GET", path).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error: toApiError(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Any thrown value as an ApiError. */
export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, "CLIENT", e instanceof Error ? e.message : String(e));
}

/** Runs an action, keeping its busy flag, error and success message for display. */
export function useAction(): {
  busy: boolean;
  error: ApiError | undefined;
  message: string | undefined;
  run(fn: () => Promise<unknown>, success?: string): Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState<string>();
  const run = async (fn: () => Promise<unknown>, success?: string) => {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      await fn();
      setMessage(success);
      return true;
    } catch (e) {
      setError(toApiError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, message, run };
}

/** An error as an alert: the stable code and the server's detail. */
export function ErrorBox({ error }: { error: ApiError | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  const text = error.status === 404 && error.code === "NOT_FOUND" ? t("notAvailable") : error.status === 403 ? t("noPermission") : error.message;
  return (
    <p className="error" role="alert">
      <strong>{t("error")}</strong> <code>{error.code}</code> {text}
    </p>
  );
}

/** A polite status line for screen readers and eyes. */
export function Status({ message }: { message: string | undefined }) {
  return (
    <p className="status" role="status" aria-live="polite">
      {message ?? ""}
    </p>
  );
}

/** Loading / error / content for one loaded resource. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  if (loaded.data === undefined) return <p aria-busy="true">{t("loading")}</p>;
  return <>{children(loaded.data)}</>;
}

/** A labelled form control; the label is tied to the control by id. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint ? <small>{hint}</small> : null}
    </div>
  );
}

/** A short date-time in the viewer's locale. */
export function When({ at }: { at: string | null | undefined }) {
  const { lang } = useI18n();
  if (!at) return <>—</>;
  const d = new Date(at);
  return (
    <time dateTime={at}>
      {Number.isNaN(d.getTime()) ? at : d.toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" })}
    </time>
  );
}
