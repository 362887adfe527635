// Alerts by severity over the chosen range: a small stacked bar chart, and its counts as text.
import { useMemo } from "react";

import { Chart, PALETTE } from "../../../components/Chart";
import type { ChartOption } from "../../../components/Chart";
import { DataState } from "../../../components/DataState";
import type { AsyncState } from "../../../lib/useAsync";
import type { AlertStats } from "../api/alerts";
import { severitySeries, severitySummary } from "../hooks/chart";
import type { TimeRange } from "../hooks/filters";

/** Hotter colours for worse severities, from the shared palette (the bars also carry patterns). */
const SEVERITY_COLOURS: Record<string, string | undefined> = {
  EMERGENCY: PALETTE[6],
  ALERT: PALETTE[7],
  CRITICAL: PALETTE[3],
  ERROR: PALETTE[1],
  WARNING: PALETTE[5],
  NOTICE: PALETTE[4],
  INFO: PALETTE[0],
  DEBUG: PALETTE[2],
};

function bucketLabel(iso: string, daily: boolean): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const options: Intl.DateTimeFormatOptions = daily
    ? { month: "short", day: "2-digit" }
    : { hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(undefined, options).format(time);
}

function chartOption(stats: AlertStats, range: TimeRange): ChartOption {
  const daily = range.ms > 2 * 24 * 60 * 60_000;
  return {
    grid: { left: 40, right: 12, top: 28, bottom: 24 },
    legend: { top: 0, type: "scroll" },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: {
      type: "category",
      data: stats.buckets.map((bucket) => bucketLabel(bucket.start, daily)),
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: "value", minInterval: 1 },
    series: severitySeries(stats).map((series) => ({
      name: series.severity,
      type: "bar",
      stack: "severity",
      data: series.counts,
      ...(SEVERITY_COLOURS[series.severity.toUpperCase()]
        ? { itemStyle: { color: SEVERITY_COLOURS[series.severity.toUpperCase()] } }
        : {}),
    })),
  };
}

export function SeverityChart({ stats, range }: { stats: AsyncState<AlertStats>; range: TimeRange }) {
  const option = useMemo(() => (stats.data ? chartOption(stats.data, range) : null), [stats.data, range]);
  return (
    <section className="panel alerts-chart" aria-labelledby="alerts-chart-title">
      <h2 id="alerts-chart-title">By severity, {range.label.toLowerCase()}</h2>
      <DataState what="alert counts" loading={stats.loading} error={stats.error} data={stats.data} onRetry={stats.reload}>
        {(data) => (
          <>
            <p className="meta" data-testid="alerts-severity-summary">
              {severitySummary(data)}
            </p>
            {data.total > 0 && option && (
              <Chart
                option={option}
                label={`Alerts by severity, ${range.label.toLowerCase()}: ${severitySummary(data)}`}
                height={160}
                testId="alerts-severity-chart"
              />
            )}
          </>
        )}
      </DataState>
    </section>
  );
}
