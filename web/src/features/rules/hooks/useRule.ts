import { useCallback, useEffect, useState } from "react";

import { useAsync } from "../../../lib/useAsync";
import { getRule, recentAlerts } from "../api/rules";
import type { AlertPage, Rule } from "../api/rules";
import { withRuns } from "./merge";

export interface RuleState {
  rule: Rule | undefined;
  loading: boolean;
  error: unknown;
  reload(): void;
  /** Show ``answer`` (a change's answer) until the next load. */
  replace(answer: Rule): void;
}

/** One rule; a change's answer replaces it on screen without a round trip. */
export function useRule(id: string): RuleState {
  const { data, loading, error, reload } = useAsync((signal) => getRule(id, signal), [id]);
  const [changed, setChanged] = useState<Rule | null>(null);
  useEffect(() => setChanged(null), [data]);
  const rule = changed ?? data;
  const replace = useCallback((answer: Rule) => setChanged((before) => withRuns(answer, before ?? data)), [data]);
  return { rule, loading, error, reload, replace };
}

/** The newest alerts the rule raised. */
export function useRecentAlerts(id: string, size = 10) {
  return useAsync<AlertPage>((signal) => recentAlerts(id, size, signal), [id, size]);
}
