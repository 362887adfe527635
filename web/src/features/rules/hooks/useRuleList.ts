import { useCallback, useEffect, useState } from "react";

import { describeError } from "../../../api";
import { useAsync } from "../../../lib/useAsync";
import { conflictVersion, listRules, setRuleEnabled } from "../api/rules";
import type { Rule, RuleList } from "../api/rules";
import { without, withRuns } from "./merge";

export interface RuleListState {
  list: RuleList | undefined;
  loading: boolean;
  error: unknown;
  reload(): void;
  /** Ids of the rules being switched right now. */
  switching: ReadonlySet<string>;
  /** The last switch that failed, said per rule. */
  switchErrors: Readonly<Record<string, string>>;
  setEnabled(rule: Rule, enabled: boolean): Promise<void>;
}

/** Every rule, and switching one on or off in place (the answer replaces the row; a stale version reloads). */
export function useRuleList(): RuleListState {
  const { data, loading, error, reload } = useAsync((signal) => listRules(signal), []);
  const [changed, setChanged] = useState<Record<string, Rule>>({});
  const [switching, setSwitching] = useState<ReadonlySet<string>>(new Set());
  const [switchErrors, setSwitchErrors] = useState<Record<string, string>>({});

  // a fresh list supersedes the rows switched since the last one
  useEffect(() => setChanged({}), [data]);

  const list = data && {
    ...data,
    rules: data.rules.map((rule) => changed[rule.id] ?? rule),
  };

  const setEnabled = useCallback(
    async (rule: Rule, enabled: boolean) => {
      setSwitching((ids) => new Set(ids).add(rule.id));
      setSwitchErrors((errors) => without(errors, rule.id));
      try {
        const answer = await setRuleEnabled(rule, enabled);
        setChanged((rows) => ({ ...rows, [rule.id]: withRuns(answer, rule) }));
      } catch (failure) {
        const stale = conflictVersion(failure) !== null;
        const message = stale
          ? "someone changed this rule meanwhile: the list was reloaded, try again"
          : describeError(failure);
        setSwitchErrors((errors) => ({ ...errors, [rule.id]: message }));
        if (stale) reload();
      } finally {
        setSwitching((ids) => {
          const next = new Set(ids);
          next.delete(rule.id);
          return next;
        });
      }
    },
    [reload],
  );

  return { list, loading, error, reload, switching, switchErrors, setEnabled };
}
