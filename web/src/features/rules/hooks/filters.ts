// The rules list's filters, kept in the URL (#/rules?q=ssh&source=builtin&failing=1) so a filtered view can
// be bookmarked and shared. Pure: parsing, writing and applying are tested without a browser.
import type { Rule } from "../api/rules";
import { isFailing } from "./labels";

/** Where a rule comes from; "sigma" and "python" select by kind, whatever folder or pack holds the rule. */
export const SOURCE_FILTERS = ["builtin", "file", "api", "sigma", "python"] as const;
export const TYPE_FILTERS = [
  "match",
  "threshold",
  "absence",
  "new_terms",
  "sequence",
  "geovelocity",
  "sigma",
  "python",
] as const;
export const ENABLED_FILTERS = ["on", "off"] as const;

export type SourceFilter = (typeof SOURCE_FILTERS)[number];
export type EnabledFilter = (typeof ENABLED_FILTERS)[number];

export interface RuleFilter {
  /** Words that must all appear in the rule's id, name, description, category, tags or origin. */
  text: string;
  source: SourceFilter | "";
  /** A rule type; free-form so a type added by the backend can still be linked to. */
  type: string;
  enabled: EnabledFilter | "";
  failing: boolean;
}

export const NO_FILTER: RuleFilter = { text: "", source: "", type: "", enabled: "", failing: false };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | "" {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : "";
}

/** The filter a URL's query says; anything unknown is ignored rather than failing the page. */
export function filterFromParams(params: URLSearchParams): RuleFilter {
  const type = (params.get("type") ?? "").trim();
  const enabled = params.get("enabled");
  const failing = params.get("failing");
  return {
    text: params.get("q") ?? "",
    source: oneOf(SOURCE_FILTERS, params.get("source")),
    type: /^[a-z_]{1,32}$/.test(type) ? type : "",
    // "true"/"false" too: the API's own parameter spells it that way
    enabled: enabled === "true" ? "on" : enabled === "false" ? "off" : oneOf(ENABLED_FILTERS, enabled),
    failing: failing === "1" || failing === "true",
  };
}

/** The query string of ``filter`` ("" when it selects everything), in a fixed order so URLs compare. */
export function filterToQuery(filter: RuleFilter): string {
  const params = new URLSearchParams();
  if (filter.text.trim()) params.set("q", filter.text);
  if (filter.source) params.set("source", filter.source);
  if (filter.type) params.set("type", filter.type);
  if (filter.enabled) params.set("enabled", filter.enabled);
  if (filter.failing) params.set("failing", "1");
  return params.toString();
}

/** The in-app path of the list filtered by ``filter``. */
export function rulesPath(filter: RuleFilter): string {
  const query = filterToQuery(filter);
  return query ? `/rules?${query}` : "/rules";
}

export function isFiltered(filter: RuleFilter): boolean {
  return filterToQuery(filter) !== "";
}

type Filterable = Pick<
  Rule,
  "id" | "name" | "description" | "category" | "tags" | "origin" | "source" | "type" | "enabled" | "runs"
>;

function haystack(rule: Filterable): string {
  return [rule.id, rule.name, rule.description, rule.category, rule.origin, ...rule.tags].join("\n").toLowerCase();
}

export function matchesFilter(rule: Filterable, filter: RuleFilter): boolean {
  if (filter.source === "sigma" || filter.source === "python") {
    if (rule.type !== filter.source) return false;
  } else if (filter.source && rule.source !== filter.source) {
    return false;
  }
  if (filter.type && rule.type !== filter.type) return false;
  if (filter.enabled && rule.enabled !== (filter.enabled === "on")) return false;
  if (filter.failing && !isFailing(rule)) return false;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const text = haystack(rule);
    if (!words.every((word) => text.includes(word))) return false;
  }
  return true;
}

export function applyFilter<R extends Filterable>(rules: readonly R[], filter: RuleFilter): R[] {
  return rules.filter((rule) => matchesFilter(rule, filter));
}
