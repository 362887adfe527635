// The item forms' values and the bodies they send, and where an item links to: pure, tested alone.
import { href } from "../../../lib/router";
import type { ItemValue, ItemValues } from "./itemEditor";

export interface FieldSpec {
  name: string;
  /** The label in the add form; the edit form adds " (edit)". Unique on the page. */
  label: string;
  kind: "text" | "textarea" | "select" | "checkbox";
  options?: readonly string[];
  required?: boolean;
  /** Empty means "none" (sent as null, left out when adding). */
  nullable?: boolean;
  mono?: boolean;
  placeholder?: string;
}

/** The fields of one list's items, as ItemsPanel's forms show them. */
export interface FormSpec {
  fields: FieldSpec[];
}

/** The search screen's link for events holding an indicator's value (the last seven days). */
export function indicatorSearch(type: string, value: string): string {
  const quoted = `"${value.replace(/(["\\])/g, "\\$1")}"`;
  const q =
    type === "ip"
      ? `details.sourceipaddress:${quoted} OR details.destinationipaddress:${quoted} OR ${quoted}`
      : quoted;
  return href(`/search?q=${encodeURIComponent(q)}&start=now-7d&end=now`);
}

/** Where a link of ``kind`` to ``target`` goes in the app. */
export function linkTarget(kind: string, target: string): string {
  const id = encodeURIComponent(target);
  switch (kind) {
    case "alert":
      return href(`/alerts/${id}`);
    case "incident":
      return href(`/incidents/${id}`);
    case "investigation":
      return href(`/investigations/${id}`);
    default:
      return href(`/search?q=${encodeURIComponent(`id:"${target.replace(/(["\\])/g, "\\$1")}"`)}&start=now-30d&end=now`);
  }
}

/** An item's fields as the forms hold them: absent text as "", absent flags as false, selects at a value. */
export function formValues(spec: FormSpec, item: object | undefined): ItemValues {
  const source = (item ?? {}) as Record<string, unknown>;
  const values: ItemValues = {};
  for (const field of spec.fields) {
    const value = source[field.name];
    if (field.kind === "checkbox") values[field.name] = value === true;
    else if (typeof value === "string") values[field.name] = value;
    else values[field.name] = field.kind === "select" ? (field.options?.[0] ?? "") : "";
  }
  return values;
}

/** Whether the required fields hold something. */
export function canSubmit(spec: FormSpec, values: ItemValues): boolean {
  return spec.fields.every((field) => !field.required || String(values[field.name] ?? "").trim() !== "");
}

/** The body adding an item: text trimmed, empty "none" values (``nullable``) left out. */
export function addBody(spec: FormSpec, values: ItemValues): Record<string, string | boolean> {
  const body: Record<string, string | boolean> = {};
  for (const field of spec.fields) {
    const value = values[field.name];
    if (typeof value === "boolean") body[field.name] = value;
    else if (typeof value === "string") {
      const text = value.trim();
      if (text !== "" || !field.nullable) body[field.name] = text;
    }
  }
  return body;
}

/** A change to an item: text trimmed, empty "none" values as null (the server's reset). */
export function changeBody(spec: FormSpec, changes: ItemValues): Record<string, ItemValue> {
  const body: Record<string, ItemValue> = {};
  for (const [name, value] of Object.entries(changes)) {
    const field = spec.fields.find((f) => f.name === name);
    if (typeof value !== "string") body[name] = value;
    else body[name] = value.trim() === "" && field?.nullable ? null : value.trim();
  }
  return body;
}

/** Why ``value`` cannot be a reference (an http(s) URL), or null. */
export function referenceProblem(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? null : "A reference is an http or https URL.";
  } catch {
    return "A reference is an http or https URL, such as https://tickets.example.com/123.";
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(":")) return false;
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half ? half.split(":") : []));
  const last = groups[groups.length - 1] ?? "";
  const v4Tail = last.includes(".");
  if (v4Tail && !IPV4.test(last)) return false;
  const hex = v4Tail ? groups.slice(0, -1) : groups;
  if (!hex.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
  const size = hex.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? size < 8 : size === 8;
}

/** Whether ``text`` is an IPv4/IPv6 address or CIDR network. */
export function isIpOrNetwork(text: string): boolean {
  const [address = "", bits, extra] = text.split("/");
  if (extra !== undefined) return false;
  const v4 = IPV4.test(address);
  if (!v4 && !isIpv6(address)) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (v4 ? 32 : 128);
}

const HASH_LENGTHS = [32, 40, 64, 128];

export function isHash(text: string): boolean {
  return /^[0-9a-f]+$/i.test(text) && HASH_LENGTHS.includes(text.length);
}

/**
 * Why ``value`` is not an indicator of ``type``, or null: the checks the API makes (docs/incidents.md,
 * "Items"), made here first so the analyst hears of a typo before the round trip.
 */
export function indicatorProblem(type: string, value: string): string | null {
  const text = value.trim();
  if (!text) return "The value is empty.";
  switch (type) {
    case "ip":
      return isIpOrNetwork(text) ? null : "Not an IPv4 or IPv6 address or CIDR network.";
    case "domain":
      return /^(?=.{1,253}\.?$)([\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}][\p{L}\p{N}-]{0,62}\.?$/u.test(text)
        ? null
        : "Not a domain name (it needs at least two labels, like example.com).";
    case "hash":
      return isHash(text) ? null : "Not a hex MD5, SHA-1, SHA-256 or SHA-512 digest.";
    case "email":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? null : "Not an email address (local@domain).";
    case "url":
      try {
        const url = new URL(text);
        return ["http:", "https:", "ftp:"].includes(url.protocol) && url.hostname ? null : "Not an http, https or ftp URL.";
      } catch {
        return "Not an http, https or ftp URL.";
      }
    case "user":
      return text.length <= 256 ? null : "A user name is at most 256 characters.";
    default:
      return null;
  }
}
