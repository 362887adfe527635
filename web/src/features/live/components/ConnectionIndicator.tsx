import { useConnectionStatus, useLiveChannel } from "../../../lib/live";
import { useCountdown } from "../hooks/useCountdown";

/** Says whether live updates are flowing; while reconnecting, when the next try is and a way to try now. */
export function ConnectionIndicator() {
  const live = useLiveChannel();
  const status = useConnectionStatus();
  const seconds = useCountdown(status?.state === "reconnecting" ? status.retryAt : null);
  if (!status || status.state === "idle") return null;
  if (status.state === "open") {
    return (
      <span className="live live-open" role="status" data-testid="live-open" title="Changes by other analysts appear as they happen">
        <span aria-hidden="true">●</span> Live
      </span>
    );
  }
  if (status.state === "connecting" && status.attempt === 0) {
    return (
      <span className="live live-connecting" role="status">
        <span aria-hidden="true">◌</span> Connecting…
      </span>
    );
  }
  return (
    <span className="live live-lost" role="status" aria-live="polite">
      <span aria-hidden="true">▲</span> Live updates lost
      {status.problem ? ` (${status.problem})` : ""}
      {seconds !== null && seconds > 0 ? ` — reconnecting in ${seconds} s` : " — reconnecting…"}{" "}
      <button type="button" className="link-button" onClick={() => live?.reconnectNow()}>
        Retry now
      </button>
    </span>
  );
}
