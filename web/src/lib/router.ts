// Hash routing: the API serves index.html at "/", and "#/incidents/42" never reaches the server.
import { useEffect, useState } from "react";

export interface Location {
  /** "/incidents/42" */
  path: string;
  /** The part after "?" in the hash. */
  params: URLSearchParams;
}

export function parseHash(hash: string): Location {
  const body = hash.replace(/^#/, "") || "/";
  const cut = body.search(/[?&]/);
  const path = cut === -1 ? body : body.slice(0, cut);
  const query = cut === -1 ? "" : body.slice(cut + 1);
  return { path: path.startsWith("/") ? path : `/${path}`, params: new URLSearchParams(query) };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setLocation(parseHash(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return location;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const hash = `#${to}`;
  if (options.replace) {
    window.history.replaceState(null, "", hash);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = hash;
  }
}

/** The href of an in-app link. */
export function href(to: string): string {
  return `#${to}`;
}

/** ``pattern`` like "/incidents/:id" against ``path``: the parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(":")) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}
