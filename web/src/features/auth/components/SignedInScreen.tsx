import { useEffect, useRef, useState } from "react";

import { describeError } from "../../../api";
import { href, navigate, useLocation } from "../../../lib/router";
import { adoptToken, readOidcOutcome } from "../api/auth";

/** Where single sign-on lands (``#/signed-in?access_token=…``): take the token, then drop it from the URL. */
export function SignedInScreen() {
  const { params } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const once = useRef(false);
  useEffect(() => {
    if (once.current) return;
    once.current = true;
    const outcome = readOidcOutcome(params);
    // the token leaves the address bar and the history at once, whatever happens next
    window.history.replaceState(null, "", "#/signed-in");
    if ("error" in outcome) {
      setError(outcome.error);
      return;
    }
    adoptToken(outcome.token, outcome.expiresIn).then(
      () => navigate("/alerts", { replace: true }),
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [params]);
  return (
    <main className="signin">
      {error ? (
        <>
          <h1>Single sign-on did not complete</h1>
          <p className="error" role="alert">
            {error}
          </p>
          <p>
            <a href={href("/signin")}>Back to sign-in</a>
          </p>
        </>
      ) : (
        <p role="status">Signing you in…</p>
      )}
    </main>
  );
}
