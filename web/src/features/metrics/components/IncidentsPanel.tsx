import { useMemo } from "react";

import { Chart } from "../../../components/Chart";
import { DataState } from "../../../components/DataState";
import { href } from "../../../lib/router";
import type { AsyncState } from "../../../lib/useAsync";
import { useAsync } from "../../../lib/useAsync";
import { getVerisStats } from "../api/metrics";
import type { IncidentStats, VerisStats } from "../api/metrics";
import { describePhases, describeVeris, phaseCounts, verisRows } from "../hooks/incidentCounts";
import type { RangeSpec } from "../hooks/range";
import { categoryBarOption } from "./chartOptions";
import { Panel, ShowData } from "./Panel";

export function IncidentsPanel({ range, stats, reload }: { range: RangeSpec; stats: AsyncState<IncidentStats>; reload: number }) {
  const veris = useAsync((signal) => getVerisStats(signal), [reload]);
  return (
    <Panel title="Incidents">
      <div className="metrics-columns">
        <div className="metrics-block">
          <h3>By phase</h3>
          <p className="hint">Incidents opened in {range.phrase}, by the phase they are in now.</p>
          <DataState
            what="incident counts"
            loading={stats.loading}
            error={stats.error}
            data={stats.data}
            onRetry={stats.reload}
            isEmpty={(data) => data.total === 0}
            empty={`No incident was opened in ${range.phrase}.`}
          >
            {(data) => <PhaseChart stats={data} range={range} />}
          </DataState>
        </div>
        <div className="metrics-block">
          <h3>By VERIS category</h3>
          <p className="hint">Every incident tagged under each VERIS category, and those opened in {range.phrase}.</p>
          <DataState
            what="VERIS counts"
            loading={veris.loading}
            error={veris.error}
            data={veris.data}
            onRetry={veris.reload}
            isEmpty={(data) => Object.keys(data.categories).length === 0 && Object.keys(stats.data?.by_veris_category ?? {}).length === 0}
            empty="No incident carries a VERIS tag yet."
          >
            {(data) => <VerisChart veris={data} stats={stats.data} range={range} />}
          </DataState>
        </div>
      </div>
    </Panel>
  );
}

function PhaseChart({ stats, range }: { stats: IncidentStats; range: RangeSpec }) {
  const phases = useMemo(() => phaseCounts(stats.by_phase), [stats]);
  const option = useMemo(
    () => categoryBarOption(phases.map((item) => item.name), [{ name: "Incidents", values: phases.map((item) => item.count) }]),
    [phases],
  );
  return (
    <>
      <p className="metrics-summary">
        {describePhases(stats, range.phrase)} <a href={href("/incidents")}>Open the incidents</a>
      </p>
      <Chart option={option} label={`Incidents opened in ${range.phrase} by phase (summary above, data below)`} height={220} testId="metrics-phases" />
      <ShowData
        caption={`Incidents opened in ${range.phrase} by phase`}
        columns={["Phase", "Incidents"]}
        rows={phases.map((item) => [item.name, String(item.count)])}
      />
    </>
  );
}

function VerisChart({ veris, stats, range }: { veris: VerisStats; stats: IncidentStats | undefined; range: RangeSpec }) {
  const rows = useMemo(() => verisRows(veris, stats), [veris, stats]);
  const option = useMemo(() => {
    const series = [{ name: "All incidents", values: rows.map((row) => row.all) }];
    if (stats) series.push({ name: `Opened in ${range.phrase}`, values: rows.map((row) => row.inRange ?? 0) });
    return categoryBarOption(
      rows.map((row) => row.category),
      series,
    );
  }, [rows, stats, range.phrase]);
  const groups = Object.entries(veris.groups)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6);
  return (
    <>
      <p className="metrics-summary">{describeVeris(rows, range.phrase)}</p>
      <Chart option={option} label={`Incidents by VERIS category (summary above, data below)`} height={220} testId="metrics-veris" />
      {groups.length > 0 && (
        <p className="hint">
          Most used groups: {groups.map(([name, total]) => `${name} (${total})`).join(", ")}.
        </p>
      )}
      <ShowData
        caption="Incidents by VERIS category"
        columns={["Category", "All incidents", `Opened in ${range.phrase}`]}
        rows={rows.map((row) => [row.category, String(row.all), row.inRange === null ? "–" : String(row.inRange)])}
      />
    </>
  );
}
