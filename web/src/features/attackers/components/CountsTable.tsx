import type { ReactNode } from "react";

import { formatCount } from "../../../lib/format";
import { countRows } from "../hooks/profile";

/** A counter of the profile (alerts per category, rule, severity…) as a small table, largest first. */
export function CountsTable({
  title,
  counts,
  keyLabel,
  link,
}: {
  title: string;
  counts: Record<string, number> | null | undefined;
  keyLabel: string;
  /** Links for a row's key, when it leads somewhere. */
  link?: (key: string) => ReactNode;
}) {
  const rows = countRows(counts);
  return (
    <div className="counts">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <table className="grid" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{keyLabel}</th>
              <th scope="col" className="num">
                Alerts
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td>
                  <span className="mono">{row.key}</span>
                  {link && <span className="row-links"> {link(row.key)}</span>}
                </td>
                <td className="num">{formatCount(row.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
