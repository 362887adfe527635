import type { Rule } from "../api/rules";

/** ``answer`` with the runs of ``before`` when it has none: a change's answer may leave the run record out. */
export function withRuns(answer: Rule, before: Rule | undefined): Rule {
  return answer.runs || !before?.runs ? answer : { ...answer, runs: before.runs };
}

/** ``record`` without ``key``. */
export function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}
