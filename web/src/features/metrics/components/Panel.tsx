// A panel of the metrics page: a <section> named by its heading, whose failure stays inside it (a chart
// that throws while rendering shows an error in its panel; the other panels carry on).
import { Component, useId } from "react";
import type { ReactNode } from "react";

import { ErrorState } from "../../../components/DataState";

export function Panel({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section className="panel metrics-panel" aria-labelledby={id}>
      <div className="metrics-panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      <PanelBoundary what={title.toLowerCase()}>{children}</PanelBoundary>
    </section>
  );
}

interface BoundaryState {
  error: unknown;
}

class PanelBoundary extends Component<{ what: string; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  override render() {
    if (this.state.error !== null) {
      return <ErrorState error={this.state.error} what={this.props.what} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}

/** A chart's textual alternative: its figures as a table, folded away until asked for. */
export function ShowData({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly ReactNode[])[];
}) {
  return (
    <details className="show-data">
      <summary>Show data</summary>
      <div className="show-data-scroll">
        <table className="grid">
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column, at) => (
                <th key={column} scope="col" className={at > 0 ? "num" : undefined}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, at) =>
                  at === 0 ? (
                    <th key={at} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={at} className="num">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
