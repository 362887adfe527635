import { Component } from "react";
import type { ErrorInfo, ReactNode } from "react";

/** A screen that throws shows what happened instead of a blank page (a failed chunk load, say). */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <main>
          <h1>Something went wrong</h1>
          <p className="error" role="alert">
            {this.state.error.message}
          </p>
          <button type="button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </main>
      );
    }
    return this.props.children;
  }
}
