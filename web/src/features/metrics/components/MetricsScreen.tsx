// The metrics page: event rates, alerts, incidents, response times and the pipeline's own health, each
// panel loading and failing on its own. The range (and the trend's settings) live in the URL, so a view
// can be shared: `#/metrics?range=7d&trend=daily&stat=mean`.
import { useId, useState } from "react";

import { navigate, useLocation } from "../../../lib/router";
import { useAsync } from "../../../lib/useAsync";
import { getIncidentStats } from "../api/metrics";
import { iso, RANGES, rangeById } from "../hooks/range";
import { statisticById, trendById } from "../hooks/trends";
import { AlertsPanel } from "./AlertsPanel";
import { EventRatesPanel } from "./EventRatesPanel";
import { HealthPanel } from "./HealthPanel";
import { IncidentsPanel } from "./IncidentsPanel";
import { ResponseTimesPanel } from "./ResponseTimesPanel";
import "../metrics.css";

export function MetricsScreen() {
  const { params } = useLocation();
  const range = rangeById(params.get("range"));
  const trend = trendById(params.get("trend"));
  const statistic = statisticById(params.get("stat"));
  const [reload, setReload] = useState(0);
  const rangeId = useId();

  // One load for the two panels that read the range's incident figures.
  const incidentStats = useAsync(
    (signal) => {
      const end = Date.now();
      return getIncidentStats(iso(end - range.ms), iso(end), signal);
    },
    [range.id, reload],
  );

  function go(next: { range?: string; trend?: string; stat?: string }) {
    const query = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) if (value !== undefined) query.set(key, value);
    navigate(`/metrics?${query.toString()}`, { replace: true });
  }

  return (
    <main aria-labelledby="metrics-title" className="metrics">
      <div className="page-head">
        <h1 id="metrics-title">Metrics</h1>
        <div className="filters">
          <label htmlFor={rangeId}>Range</label>
          <select id={rangeId} value={range.id} onChange={(event) => go({ range: event.target.value })}>
            {RANGES.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => setReload((value) => value + 1)}>
            Refresh
          </button>
        </div>
      </div>
      <div className="metrics-grid">
        <div className="metrics-wide">
          <EventRatesPanel range={range} reload={reload} />
        </div>
        <AlertsPanel range={range} reload={reload} />
        <IncidentsPanel range={range} stats={incidentStats} reload={reload} />
        <div className="metrics-wide">
          <ResponseTimesPanel
            range={range}
            stats={incidentStats}
            trend={trend}
            statistic={statistic}
            onChange={go}
            reload={reload}
          />
        </div>
        <div className="metrics-wide">
          <HealthPanel reload={reload} />
        </div>
      </div>
    </main>
  );
}
