import { formatCount, formatTime, relativeTime } from "../../../lib/format";
import type { Attacker } from "../api/attackers";
import type { SortKey } from "../hooks/filters";
import { formatScore } from "../hooks/layout";
import { attackerHref, countRows } from "../hooks/profile";
import { PhaseBadge } from "./PhaseBadge";

/** The profiles of one page; the score and last-seen headers sort (the two orders the API offers). */
export function AttackerTable({
  attackers,
  total,
  sort,
  busy,
  onSort,
}: {
  attackers: Attacker[];
  total: number;
  sort: SortKey;
  busy: boolean;
  onSort: (sort: SortKey) => void;
}) {
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort === key ? "descending" : "none"}>
      <button type="button" className="sort-button" onClick={() => onSort(key)} aria-pressed={sort === key}>
        {label}
        <span aria-hidden="true">{sort === key ? " ▼" : ""}</span>
        <span className="visually-hidden">{sort === key ? " (sorted, highest first)" : " (sort by this)"}</span>
      </button>
    </th>
  );
  return (
    <div className="table-scroll">
      <table className="grid attackers-table" aria-label="Attacker profiles" aria-busy={busy}>
        <caption className="visually-hidden">
          {formatCount(total)} attacker{total === 1 ? "" : "s"}, {sort === "score" ? "highest score" : "latest seen"} first
        </caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Name</th>
            {header("score", "Score")}
            <th scope="col">Phase</th>
            <th scope="col" className="num">
              Alerts
            </th>
            <th scope="col">Categories</th>
            <th scope="col">Tags</th>
            {header("last_seen", "Last seen")}
          </tr>
        </thead>
        <tbody>
          {attackers.map((attacker) => {
            const categories = countRows(attacker.categories);
            const more = attacker.addresses.length - 1;
            return (
              <tr key={attacker.id}>
                <td>
                  <a className="mono" href={attackerHref(attacker.id)}>
                    {attacker.id}
                  </a>
                  {more > 0 && <span className="hint"> +{more} merged</span>}
                </td>
                <td>{attacker.name ?? <span className="hint">—</span>}</td>
                <td className="num">{formatScore(attacker.score)}</td>
                <td>
                  <PhaseBadge phase={attacker.phase} />
                </td>
                <td className="num">{formatCount(attacker.alert_count)}</td>
                <td>
                  {categories.length === 0 ? (
                    <span className="hint">—</span>
                  ) : (
                    categories
                      .slice(0, 3)
                      .map((row) => `${row.key} (${formatCount(row.count)})`)
                      .join(", ") + (categories.length > 3 ? ` +${categories.length - 3}` : "")
                  )}
                </td>
                <td>
                  {(attacker.tags ?? []).length === 0 ? (
                    <span className="hint">—</span>
                  ) : (
                    (attacker.tags ?? []).map((tag) => (
                      <span key={tag} className="badge tag">
                        {tag}
                      </span>
                    ))
                  )}
                </td>
                <td>
                  {attacker.last_seen ? (
                    <time dateTime={attacker.last_seen} title={formatTime(attacker.last_seen)}>
                      {relativeTime(attacker.last_seen)}
                    </time>
                  ) : (
                    <span className="hint">never</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
