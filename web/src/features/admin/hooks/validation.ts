// What the admin forms check before they call the API. The server checks everything again (and has the last
// word); these checks exist so an admin learns of a typo next to the field, before anything is sent, and so a
// password typed twice is the password meant.
import type { EntryType } from "../api/lists";

/** A field name to what is wrong with it; an empty object when the form may be sent. */
export type FormErrors<F extends string> = Partial<Record<F, string>>;

export function isValid<F extends string>(errors: FormErrors<F>): boolean {
  return Object.values(errors).every((message) => !message);
}

// The account rules of mozdef_common.accounts (users.py, passwords.py).
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;
const USER_NAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** A user name as the server stores it: trimmed, lower case. */
export function normalizeUserName(name: string): string {
  return name.trim().toLowerCase();
}

export function userNameError(name: string): string | undefined {
  const normalized = normalizeUserName(name);
  if (!normalized) return "Enter a user name.";
  if (!USER_NAME.test(normalized)) {
    return "Use 1 to 64 of a–z, 0–9 and . _ @ -, starting with a letter or digit.";
  }
  return undefined;
}

export function passwordError(password: string): string | undefined {
  if (!password) return "Enter a password.";
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return undefined;
}

export function confirmationError(password: string, confirmation: string): string | undefined {
  if (!confirmation) return "Type the password again.";
  return confirmation === password ? undefined : "The two passwords differ.";
}

export interface NewUserForm {
  name: string;
  password: string;
  confirm: string;
}

export function validateNewUser(form: NewUserForm): FormErrors<keyof NewUserForm> {
  return {
    name: userNameError(form.name),
    password: passwordError(form.password),
    confirm: confirmationError(form.password, form.confirm),
  };
}

export interface ResetPasswordForm {
  password: string;
  confirm: string;
}

export function validateResetPassword(form: ResetPasswordForm): FormErrors<keyof ResetPasswordForm> {
  return { password: passwordError(form.password), confirm: confirmationError(form.password, form.confirm) };
}

export interface OwnPasswordForm {
  current: string;
  password: string;
  confirm: string;
}

export function validateOwnPassword(form: OwnPasswordForm): FormErrors<keyof OwnPasswordForm> {
  const errors: FormErrors<keyof OwnPasswordForm> = {
    current: form.current ? undefined : "Enter your current password.",
    password: passwordError(form.password),
    confirm: confirmationError(form.password, form.confirm),
  };
  if (!errors.password && form.current && form.password === form.current) {
    errors.password = "Choose a password different from the current one.";
  }
  return errors;
}

export function keyNameError(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return "Name the key after what will use it, e.g. fluent-bit-web.";
  if (trimmed.length > 100) return "Use at most 100 characters.";
  return undefined;
}

// List values, as mozdef_common.lists.entries.canonical_value accepts them.

const IPV4_PART = /^(0|[1-9]\d{0,2})$/; // no leading zeros: the server refuses "010" as ambiguous
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const HASH_LENGTHS = new Set([32, 40, 64, 128]); // MD5, SHA-1, SHA-256, SHA-512
const HEX = /^[0-9a-f]+$/i;

export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((part) => IPV4_PART.test(part) && Number(part) <= 255);
}

export function isIPv6(text: string): boolean {
  let address = text;
  const zone = address.indexOf("%"); // fe80::1%eth0: a scope, which Python's ipaddress accepts
  if (zone !== -1) {
    if (zone === address.length - 1) return false;
    address = address.slice(0, zone);
  }
  const lastColon = address.lastIndexOf(":");
  if (lastColon === -1) return false;
  const tail = address.slice(lastColon + 1);
  if (tail.includes(".")) {
    // ::ffff:192.0.2.1: the dotted quad stands for the last two groups
    if (!isIPv4(tail)) return false;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  if (halves.length === 2) {
    const all = [...groups(halves[0] ?? ""), ...groups(halves[1] ?? "")];
    return all.length <= 7 && all.every((group) => HEX_GROUP.test(group));
  }
  const all = groups(address);
  return all.length === 8 && all.every((group) => HEX_GROUP.test(group));
}

export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/** A network: an address, an address/prefix length, or an IPv4 address/netmask (host bits may be set). */
export function isCidr(text: string): boolean {
  const cut = text.indexOf("/");
  if (cut === -1) return isIP(text);
  const address = text.slice(0, cut);
  const prefix = text.slice(cut + 1);
  if (isIPv4(address)) return (/^\d{1,2}$/.test(prefix) && Number(prefix) <= 32) || isIPv4(prefix);
  if (isIPv6(address)) return /^\d{1,3}$/.test(prefix) && Number(prefix) <= 128;
  return false;
}

/** A host name like example.org, or *.example.org for every subdomain; non-ASCII names are left to the server. */
export function isDomain(text: string): boolean {
  let name = text.toLowerCase().replace(/\.$/, "");
  if (name.startsWith("*.")) name = name.slice(2);
  // eslint-disable-next-line no-control-regex -- the ASCII range, on purpose
  if (/[^\x00-\x7f]/.test(name)) return !/\s/.test(name) && name.includes(".") && !name.includes("..");
  const labels = name.split(".");
  return name.length <= 253 && labels.length >= 2 && labels.every((label) => LABEL.test(label));
}

export function isUserValue(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  return text.length > 0 && text.length <= 256 && !/[\s\u0000-\u001f\u007f-\u009f]/.test(text);
}

export function isHash(text: string): boolean {
  return HASH_LENGTHS.has(text.length) && HEX.test(text);
}

const VALUE_HINTS: Record<EntryType, string> = {
  ip: "an IPv4 or IPv6 address, like 203.0.113.7",
  cidr: "a network, like 198.51.100.0/24",
  domain: "a host name, like example.org (*.example.org for every subdomain)",
  user: "a user name without spaces, at most 256 characters",
  hash: "an MD5, SHA-1, SHA-256 or SHA-512 in hexadecimal",
};

export function valueHint(type: EntryType): string {
  return VALUE_HINTS[type];
}

/** What is wrong with ``value`` as a list entry of ``type``; undefined when the server should accept it. */
export function listValueError(type: EntryType, value: string): string | undefined {
  const text = value.trim();
  if (!text) return "Enter a value.";
  const ok =
    type === "ip"
      ? isIP(text)
      : type === "cidr"
        ? isCidr(text)
        : type === "domain"
          ? isDomain(text)
          : type === "user"
            ? isUserValue(text)
            : isHash(text);
  return ok ? undefined : `Not ${VALUE_HINTS[type]}.`;
}

/** The type a value most likely is, to preselect it while the admin types (they may still pick another). */
export function guessType(value: string): EntryType {
  const text = value.trim();
  if (isIP(text)) return "ip";
  if (text.includes("/") && isCidr(text)) return "cidr";
  if (isHash(text)) return "hash";
  if (isDomain(text)) return "domain";
  return "user";
}
