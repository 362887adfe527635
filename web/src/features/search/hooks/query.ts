// Query text written so the server's parser (mozdef_common/query/parser.py, docs/search.md) reads back
// exactly the field and value an analyst pivoted on, and the pivots that add such clauses to a query.

/** Escaped anywhere in a bare word: they end words, make wildcards, escape, or split on && / ||. */
const ALWAYS = new Set('\\()"[]{}^~*?&|');
/** Escaped only as a word's first character: signs, NOT, a regex, a comparison. */
const LEADING = new Set("+-!/<>");
/** Upper-case keywords: a bare word spelled like one would be read as the operator. */
const KEYWORDS = new Set(["AND", "OR", "NOT", "TO"]);
/** Values written bare because nothing in them means anything to the parser; anything else is quoted. */
const SIMPLE_VALUE = /^[A-Za-z0-9_.@][A-Za-z0-9_.@-]*$/;

/** A field name as one word that reads back as exactly that name (``:`` and specials escaped). */
export function escapeField(name: string): string {
  let out = "";
  for (const [i, char] of [...name].entries()) {
    const special = ALWAYS.has(char) || /\s/.test(char) || char === ":" || (i === 0 && LEADING.has(char));
    out += special ? `\\${char}` : char;
  }
  return KEYWORDS.has(name) ? `\\${out}` : out;
}

/** ``"text"`` with backslashes and quotes escaped: inside quotes nothing else is special. */
export function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * A value as the query writes it: bare when it is a plain word (``web1``, ``10.0.0.1``), quoted otherwise.
 * Quoting is always exact here: on keyword and details fields a phrase matches the whole value like a term,
 * on ``summary`` the words in order, and a quoted ``10.0.0.0/8`` stays a value rather than a network.
 */
export function formatValue(value: string): string {
  return SIMPLE_VALUE.test(value) && !KEYWORDS.has(value) ? value : quoteValue(value);
}

/** ``field:value``, both escaped. */
export function fieldClause(field: string, value: string): string {
  return `${escapeField(field)}:${formatValue(value)}`;
}

/** A query that matches everything: nothing to narrow down. */
export function isMatchAll(query: string): boolean {
  const text = query.trim();
  return text === "" || text === "*" || text === "*:*";
}

/**
 * The top-level words of ``query`` (split on spaces outside quotes, groups, ranges and regexes), or null
 * when it does not scan (an unclosed quote or group): callers then treat it as opaque.
 */
export function topLevelTokens(query: string): string[] | null {
  const tokens: string[] = [];
  let current = "";
  let depth = 0;
  let quote = false;
  let regex = false;
  for (let i = 0; i < query.length; i += 1) {
    const char = query[i] as string;
    if (char === "\\") {
      current += char + (query[i + 1] ?? "");
      i += 1;
      continue;
    }
    if (quote) {
      current += char;
      if (char === '"') quote = false;
      continue;
    }
    if (regex) {
      current += char;
      if (char === "/") regex = false;
      continue;
    }
    if (depth === 0 && /\s/.test(char)) {
      if (current) tokens.push(current);
      current = "";
      continue;
    }
    if (char === '"') quote = true;
    else if (char === "/" && (current === "" || current.endsWith(":") || /[+\-!(]$/.test(current))) regex = true;
    else if ("([{".includes(char)) depth += 1;
    else if (")]}".includes(char)) {
      depth -= 1;
      if (depth < 0) return null;
    }
    current += char;
  }
  if (quote || regex || depth !== 0) return null;
  if (current) tokens.push(current);
  return tokens;
}

/**
 * Whether ``query`` is a plain conjunction (``a AND NOT b AND c``), so that `` AND x`` can be appended
 * without changing what the rest means. Juxtaposition (OR), OR, and ``+``/``-`` clauses are not: in
 * ``a OR b AND x`` the AND would bind to ``b`` only, in ``+a b AND x`` the ``+`` makes the rest optional.
 */
export function isConjunction(query: string): boolean {
  const tokens = topLevelTokens(query);
  if (!tokens || tokens.length === 0) return false;
  let wantOperand = true;
  for (const token of tokens) {
    if (token.includes("&&") || token.includes("||")) return false;
    if (wantOperand) {
      if (token === "NOT" || token === "!") continue;
      if (token === "AND" || token === "OR" || token.startsWith("+") || token.startsWith("-")) return false;
      wantOperand = false;
    } else {
      if (token !== "AND") return false;
      wantOperand = true;
    }
  }
  return !wantOperand;
}

/** ``query AND clause``, grouping the query when it is not a plain conjunction; just the clause for "everything". */
export function andClause(query: string, clause: string): string {
  const base = query.trim();
  if (isMatchAll(base)) return clause;
  return isConjunction(base) ? `${base} AND ${clause}` : `(${base}) AND ${clause}`;
}

/** The query narrowed to events where ``field`` holds ``value``. */
export function filterFor(query: string, field: string, value: string): string {
  return andClause(query, fieldClause(field, value));
}

/** The query without the events where ``field`` holds ``value`` (a lone NOT matches everything else). */
export function filterOut(query: string, field: string, value: string): string {
  return andClause(query, `NOT ${fieldClause(field, value)}`);
}

/** Details keys enrich canonicalizes as IP addresses besides ``ip``, ``*ipaddress`` and ``*_ip`` (fields.py). */
const IP_KEYS = new Set([
  "srcip",
  "dstip",
  "clientip",
  "remoteip",
  "remote_addr",
  "remoteaddr",
  "x-forwarded-for",
  "x_forwarded_for",
  "xforwardedfor",
  "forwarded_for",
]);

/** The address fields most events carry, searched even when the catalog does not list them yet. */
export const COMMON_ADDRESS_FIELDS = [
  "details.sourceipaddress",
  "details.destinationipaddress",
  "details.ip",
  "details.srcip",
  "details.dstip",
];

/** Whether ``field`` is ``details.<key>`` with a key that holds an IP address (where CIDR values apply). */
export function isAddressField(field: string): boolean {
  if (!field.startsWith("details.")) return false;
  const key = field.slice("details.".length).toLowerCase();
  if (!key || key.includes(".")) return false;
  return key === "ip" || key.endsWith("ipaddress") || key.endsWith("_ip") || IP_KEYS.has(key);
}

/**
 * A query for ``value`` anywhere an address can be: the bare value (summary, hostname and the other
 * default fields) or any address field the catalog knows, plus the common ones.
 */
export function searchEverywhere(value: string, catalog: readonly string[] = []): string {
  const fields = [...new Set([...COMMON_ADDRESS_FIELDS, ...catalog.filter(isAddressField)])].sort();
  // quoted even when plain: on the default field a phrase keeps 10.0.0.1's parts together in summary
  return [quoteValue(value), ...fields.map((field) => fieldClause(field, value))].join(" OR ");
}

function isIpv4(value: string): boolean {
  const parts = value.split(".");
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

function isIpv6(value: string): boolean {
  if (!value.includes(":") || !/^[0-9A-Fa-f:.]+$/.test(value)) return false;
  const halves = value.split("::");
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === "" ? [] : half.split(":")));
  const all = groups.flat();
  let count = 0;
  for (const [i, group] of all.entries()) {
    if (i === all.length - 1 && group.includes(".")) {
      if (!isIpv4(group)) return false;
      count += 2; // an embedded IPv4 address fills two groups
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(group)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** An IPv4 or IPv6 address (no network suffix). */
export function isIpAddress(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

/** An IPv4 or IPv6 network like ``10.0.0.0/8``. */
export function isNetwork(value: string): boolean {
  const cut = value.lastIndexOf("/");
  if (cut <= 0) return false;
  const address = value.slice(0, cut);
  const bits = value.slice(cut + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIpv4(address)) return Number(bits) <= 32;
  return isIpv6(address) && Number(bits) <= 128;
}

const HASH_LENGTHS = new Set([32, 40, 64, 128]);
const DOMAIN = /^(\*\.)?(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}$/;

/**
 * What kind of watch/blocklist entry ``value`` of ``field`` would make, or null when it is none: an address,
 * a network, a hash (MD5, SHA-1, SHA-256, SHA-512 in hex, in a field named for one), a user name (by the
 * field's name) or a host name.
 */
export function guessListType(field: string, value: string): "ip" | "cidr" | "domain" | "user" | "hash" | null {
  const text = value.trim();
  if (!text || text.length > 2048) return null;
  if (isIpAddress(text)) return "ip";
  if (isNetwork(text)) return "cidr";
  const key = field.split(".").pop()?.toLowerCase() ?? "";
  // by the field's name too: event and alert ids are 32 hex digits, like an MD5
  if (/^[0-9A-Fa-f]+$/.test(text) && HASH_LENGTHS.has(text.length) && /md5|sha|hash|digest|checksum/.test(key)) {
    return "hash";
  }
  if (/user|login|account|principal/.test(key) && !/agent/.test(key)) return "user";
  if (DOMAIN.test(text)) return "domain";
  return null;
}

/**
 * The stretch of ``query`` around a syntax error at 0-based ``position`` (at most ``radius`` characters each
 * side, "…" where cut) and the column of the error in it, for a caret drawn under the text.
 */
export function errorExcerpt(query: string, position: number, radius = 30): { text: string; column: number } {
  const at = Math.max(0, Math.min(position, query.length));
  const from = Math.max(0, at - radius);
  const to = Math.min(query.length, at + radius);
  const head = from > 0 ? "…" : "";
  const tail = to < query.length ? "…" : "";
  // tabs and newlines would shift the caret: show them as spaces
  const text = head + query.slice(from, to).replace(/\s/g, " ") + tail;
  return { text, column: head.length + at - from };
}
