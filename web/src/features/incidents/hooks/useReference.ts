import { useAsync } from "../../../lib/useAsync";
import { getAlert, getVeris } from "../api/cases";
import type { Alert, VerisTree } from "../api/cases";
import type { AsyncState } from "../../../lib/useAsync";

// The VERIS enumerations never change while the app runs: one request per tab.
let veris: Promise<VerisTree> | null = null;

export function useVerisTree(): AsyncState<VerisTree> {
  return useAsync(() => {
    if (!veris) {
      veris = getVeris();
      veris.catch(() => {
        veris = null; // a failure is not remembered: "Try again" asks again
      });
    }
    return veris;
  }, []);
}

export type LinkedAlert = { id: string; alert: Alert | null; error: unknown };

const MAX_ALERTS = 50;

/** The alerts ``ids`` name, each with its own error (one missing alert does not hide the others). */
export function useLinkedAlerts(ids: string[]): AsyncState<LinkedAlert[]> {
  const key = ids.slice(0, MAX_ALERTS).join("\n");
  return useAsync(
    async (signal) => {
      const wanted = key ? key.split("\n") : [];
      const answers = await Promise.allSettled(wanted.map((id) => getAlert(id, signal)));
      return answers.map((answer, index) => ({
        id: wanted[index] as string,
        alert: answer.status === "fulfilled" ? answer.value : null,
        error: answer.status === "rejected" ? (answer.reason as unknown) : null,
      }));
    },
    [key],
  );
}
