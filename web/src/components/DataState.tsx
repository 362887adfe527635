// The loading, empty and error states every screen shows, worded and announced the same way everywhere.
import type { ReactNode } from "react";

import { describeError } from "../api";

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="hint loading">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ErrorState({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  return (
    <div className="error-state" role="alert">
      <p className="error">
        Could not load {what}: {describeError(error)}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * One of the three states, or the content: ``loading`` only counts while there is nothing to show yet, so a
 * reload keeps the old content on screen; an error shows above stale content rather than hiding it.
 */
export function DataState<T>({
  what,
  loading,
  error,
  data,
  isEmpty,
  empty,
  onRetry,
  children,
}: {
  what: string;
  loading: boolean;
  error: unknown;
  data: T | undefined;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}) {
  const failed = error !== null && error !== undefined;
  if (data === undefined) {
    if (failed) return <ErrorState error={error} what={what} onRetry={onRetry} />;
    if (loading) return <Loading what={what} />;
    return null;
  }
  return (
    <>
      {failed && <ErrorState error={error} what={what} onRetry={onRetry} />}
      {isEmpty?.(data) ? <Empty>{empty ?? `No ${what}.`}</Empty> : children(data)}
    </>
  );
}
