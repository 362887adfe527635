// The triage actions of one alert, the same in a list row and on the detail page. Button names are the bare
// verbs ("Acknowledge", "Escalate"); ``describedBy`` points at the alert's summary so a screen reader hears
// which alert each one acts on.
import { useState } from "react";

import { session } from "../../../api";
import { href } from "../../../lib/router";
import type { Alert } from "../api/alerts";
import { eventsSearchPath } from "../hooks/searchLink";
import type { TriageRequest } from "../hooks/triage";
import { useAlertActions } from "../hooks/useAlertActions";
import { AssignDialog, CloseDialog, ConflictDialog, EscalateDialog } from "./TriageDialogs";

type Prompt = "assign" | "close" | "escalate";

export function AlertActionsBar({
  alert,
  onAlert,
  describedBy,
}: {
  alert: Alert;
  /** Hears the alert each action answers, to show it at once. */
  onAlert: (alert: Alert) => void;
  describedBy?: string;
}) {
  const actions = useAlertActions(onAlert);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const user = session.get()?.user ?? null;
  const canAct = user?.role !== "viewer";
  const searchPath = eventsSearchPath(alert);
  const busy = actions.busy !== null;

  async function submit(request: TriageRequest) {
    // a 409 puts the conflict prompt in its place; another failure keeps the prompt open, saying why
    if ((await actions.run(alert, request)) !== "failed") setPrompt(null);
  }

  function cancelPrompt() {
    setPrompt(null);
    actions.dismiss();
  }

  const common = { alert, busy, error: actions.error, onSubmit: (r: TriageRequest) => void submit(r), onCancel: cancelPrompt };

  return (
    <div className="actions alert-actions" aria-busy={busy}>
      {canAct && (
        <>
          {alert.acknowledged ? (
            <button
              type="button"
              aria-describedby={describedBy}
              disabled={busy}
              onClick={() => void actions.run(alert, { kind: "unacknowledge" })}
            >
              Unacknowledge
            </button>
          ) : (
            <button
              type="button"
              aria-describedby={describedBy}
              disabled={busy}
              onClick={() => void actions.run(alert, { kind: "acknowledge" })}
            >
              Acknowledge
            </button>
          )}
          <button type="button" aria-describedby={describedBy} disabled={busy} onClick={() => setPrompt("assign")}>
            Assign
          </button>
          {alert.status !== "closed" && (
            <button type="button" aria-describedby={describedBy} disabled={busy} onClick={() => setPrompt("close")}>
              Close
            </button>
          )}
          {!alert.incident_id && (
            <button type="button" aria-describedby={describedBy} disabled={busy} onClick={() => setPrompt("escalate")}>
              Escalate
            </button>
          )}
        </>
      )}
      {alert.incident_id && (
        <a href={href(`/incidents/${encodeURIComponent(alert.incident_id)}`)} aria-describedby={describedBy}>
          Open incident
        </a>
      )}
      {searchPath ? (
        <a href={href(searchPath)} aria-describedby={describedBy}>
          Events in search
        </a>
      ) : (
        <span className="hint">No sample events</span>
      )}
      {actions.busy && (
        <span className="hint" role="status">
          Working…
        </span>
      )}
      {actions.error && !prompt && (
        <span className="error" role="alert">
          Could not do it: {actions.error}{" "}
          <button type="button" className="link-button" onClick={actions.dismiss}>
            Dismiss
          </button>
        </span>
      )}
      {prompt === "close" && !actions.conflict && <CloseDialog {...common} />}
      {prompt === "assign" && !actions.conflict && <AssignDialog {...common} me={user?.name ?? null} />}
      {prompt === "escalate" && !actions.conflict && <EscalateDialog {...common} />}
      {actions.conflict && (
        <ConflictDialog
          conflict={actions.conflict}
          busy={busy}
          onRetry={() => void actions.retry()}
          onCancel={() => {
            actions.dismiss();
            setPrompt(null);
          }}
        />
      )}
    </div>
  );
}
