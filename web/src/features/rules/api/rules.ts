// The rule routes this feature uses (docs/rules.md, "Managing rules through the API"), typed from the OpenAPI
// spec: if the backend's routes change, this is the one file to follow them in.
import { api, ApiError } from "../../../api";
import type { ResponseOf } from "../../../api";

export type RuleList = ResponseOf<"/api/v1/rules", "get">;
export type Rule = ResponseOf<"/api/v1/rules/{rule_id}", "get">;
export type LoadError = RuleList["errors"][number];
export type RunStats = NonNullable<Rule["runs"]>;
export type DryRunResult = ResponseOf<"/api/v1/rules/{rule_id}/dry-run", "post">;
export type AlertPage = ResponseOf<"/api/v1/alerts", "get">;
export type RecentAlert = AlertPage["alerts"][number];

/** What a create or a change sends: the rule-file shape, ``{"yaml": …}``, or keys to replace (null removes). */
export type RuleBody = Record<string, unknown>;

/** Every rule, whatever its source, and the rules that did not load. Filtering is done by the screen: the
 * list is small (hundreds at most) and the text and failing filters are not the API's. */
export function listRules(signal?: AbortSignal): Promise<RuleList> {
  return api.get("/api/v1/rules", { signal });
}

export function getRule(id: string, signal?: AbortSignal): Promise<Rule> {
  return api.get("/api/v1/rules/{rule_id}", { path: { rule_id: id }, signal });
}

export function createRule(body: RuleBody): Promise<Rule> {
  return api.post("/api/v1/rules", { body });
}

/** Change the rule as read at ``version``; a stale version rejects with a 409 ApiError. */
export function patchRule(id: string, version: number, changes: RuleBody): Promise<Rule> {
  return api.patch("/api/v1/rules/{rule_id}", { path: { rule_id: id }, body: { ...changes, version } });
}

/** Switch any rule on or off (for built-in and file rules: an override stored by the API). */
export function setRuleEnabled(rule: Pick<Rule, "id" | "version">, enabled: boolean): Promise<Rule> {
  return patchRule(rule.id, rule.version, { enabled });
}

export async function deleteRule(id: string): Promise<void> {
  await api.delete("/api/v1/rules/{rule_id}", { path: { rule_id: id } });
}

type DryRunOptions = Parameters<typeof api.post<"/api/v1/rules/{rule_id}/dry-run">>[1];

export function dryRun(id: string, hours: number, signal?: AbortSignal): Promise<DryRunResult> {
  // The spec marks this body optional (``{"hours": 1}`` by default), and api/types.ts types only required
  // bodies, so the options are widened here until it types optional ones too.
  const options = { path: { rule_id: id }, body: { hours }, signal };
  return api.post("/api/v1/rules/{rule_id}/dry-run", options as unknown as DryRunOptions);
}

/** The newest alerts the rule raised: its hits, as analysts triage them. */
export function recentAlerts(ruleId: string, size: number, signal?: AbortSignal): Promise<AlertPage> {
  return api.get("/api/v1/alerts", { query: { rule_id: ruleId, size }, signal });
}

/** The version the rule has now, when ``error`` is the API's 409 for a stale version; else null. */
export function conflictVersion(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.error.type !== "version_conflict") return null;
  const version = error.error.current_version;
  return typeof version === "number" ? version : null;
}
