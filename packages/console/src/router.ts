import { useEffect, useState } from "react";

/** The hash route's segments. */
function read(): string[] {
  return window.location.hash
    .replace(/^#\/?/, "")
    .split("?")[0]!
    .split("/")
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
}

/** The current hash route split into segments: "#/requests/abc" → ["requests", "abc"]. */
export function useRoute(): string[] {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return route;
}

/** Goes to a console route. */
export function navigate(path: string): void {
  window.location.hash = `#/${path.replace(/^\//, "")}`;
}
