import { useMemo } from "react";

import { Chart } from "../../../components/Chart";
import { DataState } from "../../../components/DataState";
import { href } from "../../../lib/router";
import { useAsync } from "../../../lib/useAsync";
import { getAlertStats } from "../api/metrics";
import { alertChart, describeAlertChart, SEVERITY_COLOURS } from "../hooks/alertSeries";
import { alignedWindow, formatBucket, iso, stepMs } from "../hooks/range";
import type { RangeSpec } from "../hooks/range";
import { stackedTimeOption } from "./chartOptions";
import { Panel, ShowData } from "./Panel";

const count = (value: number) => String(Math.round(value));

export function AlertsPanel({ range, reload }: { range: RangeSpec; reload: number }) {
  const state = useAsync(
    async (signal) => {
      const step = stepMs(range.alertStep);
      const window = alignedWindow(range.ms, step, Date.now());
      const stats = await getAlertStats(iso(window.start), iso(window.end), range.alertStep, signal);
      return { stats, step };
    },
    [range.id, reload],
  );
  return (
    <Panel title="Alerts by severity">
      <DataState
        what="alert counts"
        loading={state.loading}
        error={state.error}
        data={state.data}
        onRetry={state.reload}
        isEmpty={(data) => data.stats.total === 0}
        empty={`No alerts in ${range.phrase}.`}
      >
        {(data) => <AlertsChart stats={data.stats} step={data.step} range={range} />}
      </DataState>
    </Panel>
  );
}

function AlertsChart({ stats, step, range }: { stats: Parameters<typeof alertChart>[0]; step: number; range: RangeSpec }) {
  const chart = useMemo(() => alertChart(stats), [stats]);
  const option = useMemo(
    () =>
      stackedTimeOption(
        chart.times,
        chart.series.map((item) => ({ name: item.name, values: item.counts, colour: SEVERITY_COLOURS[item.name] })),
        "bar",
        count,
        "alerts",
      ),
    [chart],
  );
  const categories = Object.entries(stats.by_category)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  return (
    <>
      <p className="metrics-summary">
        {describeAlertChart(chart, range.phrase)} <a href={href("/alerts")}>Open the alerts</a>
      </p>
      <Chart option={option} label={`Alerts per ${range.alertStep} by severity, ${range.phrase} (summary above, data below)`} height={260} testId="metrics-alerts" />
      {categories.length > 0 && (
        <p className="hint">
          Top categories: {categories.map(([name, total]) => `${name} (${total})`).join(", ")}.
        </p>
      )}
      <ShowData
        caption={`Alerts per ${range.alertStep} by severity`}
        columns={["Bucket start", ...chart.series.map((item) => item.name), "All"]}
        rows={chart.times.map((time, at) => [
          <time key="t" dateTime={new Date(time).toISOString()}>
            {formatBucket(time, step)}
          </time>,
          ...chart.series.map((item) => String(item.counts[at] ?? 0)),
          String(stats.buckets[at]?.total ?? 0),
        ])}
      />
    </>
  );
}
