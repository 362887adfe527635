// The plain-text attackers feed as firewalls poll it: its URL, the curl lines that fetch it with an API
// key (docs/accounts.md: REST takes "Authorization: Bearer <key>", or the key as a Basic password), and
// the file an analyst saves from the browser.
import { FEED_PATH } from "../api/attackers";

export const DEFAULT_FEED_MIN_SCORE = 1;

/** A usable min_score from an input's text: positive and finite, else the feed's default. */
export function feedMinScore(text: string): number {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) && value > 0 ? value : DEFAULT_FEED_MIN_SCORE;
}

export function feedUrl(origin: string, minScore: number): string {
  return `${origin.replace(/\/+$/, "")}${FEED_PATH}?min_score=${encodeURIComponent(String(minScore))}`;
}

/** Single quotes for a POSIX shell: the URL's "?" and "&" must not reach the shell unquoted. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The commands a firewall host runs; the key stays in an environment variable, never in the URL. */
export function curlCommands(url: string): { bearer: string; basic: string } {
  return {
    bearer: `curl -fsS -H "Authorization: Bearer $MOZDEF_FEED_KEY" ${shellQuote(url)}`,
    basic: `curl -fsS -u "feed:$MOZDEF_FEED_KEY" ${shellQuote(url)}`,
  };
}

export const FEED_KEY_COMMAND = "mozdef apikey create --name firewall --role viewer";

/** The addresses in a feed answer (one per line; blank lines are not addresses). */
export function countAddresses(text: string): number {
  return text.split("\n").filter((line) => line.trim() !== "").length;
}

/** "mozdef-attackers-min1-20261127T2341Z.txt": what was saved, and when, in the file's name. */
export function feedFileName(minScore: number, now: Date): string {
  // 2026-11-27T23:41:07.123Z → 20261127T2341Z
  const stamp = `${now.toISOString().slice(0, 16).replace(/[-:]/g, "")}Z`;
  const score = String(minScore).replace(/[^0-9.]/g, "").replace(".", "_");
  return `mozdef-attackers-min${score}-${stamp}.txt`;
}
