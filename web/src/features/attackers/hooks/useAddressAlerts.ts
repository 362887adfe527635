import { alertsMentioning } from "../api/attackers";
import type { AlertSummary } from "../api/attackers";
import { useAsync } from "../../../lib/useAsync";
import type { AsyncState } from "../../../lib/useAsync";
import { mentions } from "./profile";

/** How many of the actor's addresses are looked up, and how many alerts are shown. */
const MAX_ADDRESSES = 5;
const MAX_ALERTS = 25;

/**
 * Recent alerts whose summary names one of ``addresses``. Profiles keep counters, not alert ids, and the
 * alert list filters by text only, so this asks the list for each address and keeps whole-address hits.
 */
export function useAddressAlerts(addresses: string[]): AsyncState<{ alerts: AlertSummary[]; looked: number }> {
  const wanted = addresses.slice(0, MAX_ADDRESSES);
  return useAsync(
    async (signal) => {
      const pages = await Promise.all(wanted.map((address) => alertsMentioning(address, 50, signal)));
      const byId = new Map<string, AlertSummary>();
      for (const page of pages) {
        for (const alert of page.alerts) {
          if (wanted.some((address) => mentions(alert.summary, address))) byId.set(alert.id, alert);
        }
      }
      const alerts = [...byId.values()].sort((a, b) => (a.utctimestamp < b.utctimestamp ? 1 : a.utctimestamp > b.utctimestamp ? -1 : 0));
      return { alerts: alerts.slice(0, MAX_ALERTS), looked: wanted.length };
    },
    [wanted.join(" ")],
  );
}
