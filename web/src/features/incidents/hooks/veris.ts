// The VERIS picker's logic: the enumeration tree (GET /api/v1/veris) flattened into taggable paths, each in
// the group of its parent, and the search over them. Pure: tested alone.
//
// A path names a node: "action.hacking.variety.Brute force" (a value of an enumeration), or a coarser one,
// "action.hacking", when the variety is not known yet. The nodes that only name an enumeration ("variety",
// "vector", "motive") and the four top-level categories are not offered: as tags they say nothing.

export interface VerisOption {
  /** The path stored on the case: "action.hacking.variety.Brute force". */
  path: string;
  /** The last part: "Brute force". */
  label: string;
  /** The parent path, which groups options: "action.hacking.variety". */
  group: string;
  /** A coarse node (action.hacking) rather than a value. */
  coarse: boolean;
}

export interface VerisGroup {
  group: string;
  /** "Action › Hacking › Variety". */
  label: string;
  options: VerisOption[];
}

export const SEPARATOR = ".";

/** "action.hacking.variety" as people read it: "Action › Hacking › Variety". */
export function groupLabel(path: string): string {
  return path
    .split(SEPARATOR)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" › ");
}

/** A tag as people read it: "Action › Hacking › Variety › Brute force". */
export function verisLabel(path: string): string {
  return groupLabel(path);
}

/** Every taggable path of ``tree``, depth first in the tree's order. Anything not shaped like it is skipped. */
export function verisOptions(tree: unknown): VerisOption[] {
  const options: VerisOption[] = [];
  const walk = (node: unknown, parts: string[]) => {
    if (Array.isArray(node)) {
      const group = parts.join(SEPARATOR);
      for (const value of node) {
        if (typeof value === "string" && value) {
          options.push({ path: `${group}${SEPARATOR}${value}`, label: value, group, coarse: false });
        }
      }
      return;
    }
    if (!node || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const path = [...parts, key];
      // a node with sub-nodes below the top level is a coarse tag; one holding a list only names it
      if (parts.length >= 1 && child && typeof child === "object" && !Array.isArray(child)) {
        options.push({ path: path.join(SEPARATOR), label: key, group: parts.join(SEPARATOR), coarse: true });
      }
      walk(child, path);
    }
  };
  walk(tree, []);
  return options;
}

/**
 * The options matching ``query``: every word of it (ignoring case) appears in the path, so "hack brute"
 * finds "action.hacking.variety.Brute force". Options whose own label starts with the last word come
 * first, then the rest in tree order.
 */
export function filterVeris(options: VerisOption[], query: string): VerisOption[] {
  const words = query.toLowerCase().split(/[\s.›>]+/).filter(Boolean);
  if (words.length === 0) return options;
  const matches = options.filter((option) => {
    const path = option.path.toLowerCase();
    return words.every((word) => path.includes(word));
  });
  const last = words[words.length - 1] as string;
  const first = matches.filter((option) => option.label.toLowerCase().startsWith(last));
  const rest = matches.filter((option) => !option.label.toLowerCase().startsWith(last));
  return [...first, ...rest];
}

/** ``options`` in groups, each group once, in the order its first option comes. */
export function groupVeris(options: VerisOption[]): VerisGroup[] {
  const groups = new Map<string, VerisGroup>();
  for (const option of options) {
    let group = groups.get(option.group);
    if (!group) {
      group = { group: option.group, label: groupLabel(option.group), options: [] };
      groups.set(option.group, group);
    }
    group.options.push(option);
  }
  return [...groups.values()];
}

/** The options in the order the grouped list shows them: what arrow keys move through. */
export function flattenGroups(groups: VerisGroup[]): VerisOption[] {
  return groups.flatMap((group) => group.options);
}

/** The next active index for a key in a list of ``count`` (wrapping); null for keys that do not move. */
export function moveActive(key: string, active: number, count: number, page = 10): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return active < 0 ? 0 : (active + 1) % count;
    case "ArrowUp":
      return active < 0 ? count - 1 : (active - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "PageDown":
      return Math.min(count - 1, Math.max(0, active) + page);
    case "PageUp":
      return Math.max(0, active - page);
    default:
      return null;
  }
}

/** ``tags`` with ``path`` added (once) or removed. */
export function toggleTag(tags: readonly string[], path: string): string[] {
  return tags.includes(path) ? tags.filter((tag) => tag !== path) : [...tags, path];
}
