import { useEffect, useState } from "react";

import { describeError } from "../../../api";
import { fetchAuthConfig } from "../api/auth";
import type { AuthConfig } from "../api/auth";

export function useAuthConfig(): { config: AuthConfig | null; error: string | null } {
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchAuthConfig().then(
      (answer) => live && setConfig(answer),
      (failure: unknown) => live && setError(describeError(failure)),
    );
    return () => {
      live = false;
    };
  }, []);
  return { config, error };
}
