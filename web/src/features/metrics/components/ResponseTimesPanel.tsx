import { useId, useMemo } from "react";

import { Chart } from "../../../components/Chart";
import { DataState } from "../../../components/DataState";
import { describeError } from "../../../api";
import { formatDuration } from "../../../lib/format";
import type { AsyncState } from "../../../lib/useAsync";
import type { IncidentStats } from "../api/metrics";
import type { RangeSpec } from "../hooks/range";
import { describeTrend, durationUnit, MEASURES, STATISTICS, TRENDS, trendIsEmpty, trendSeries, windowLabel } from "../hooks/trends";
import type { Statistic, TrendSpec } from "../hooks/trends";
import { useTrends } from "../hooks/useTrends";
import type { Trend } from "../hooks/useTrends";
import { lineOption } from "./chartOptions";
import { Panel, ShowData } from "./Panel";

interface Props {
  range: RangeSpec;
  stats: AsyncState<IncidentStats>;
  trend: TrendSpec;
  statistic: Statistic;
  onChange: (next: { trend?: string; stat?: string }) => void;
  reload: number;
}

export function ResponseTimesPanel({ range, stats, trend, statistic, onChange, reload }: Props) {
  const trendState = useTrends(trend.id, trend.count, reload);
  const ids = { trend: useId(), stat: useId() };
  return (
    <Panel title="Response times">
      <p className="hint">
        Over the incidents opened in {range.phrase}: the median, with the mean and how many incidents each figure
        covers.
      </p>
      <DataState
        what="response times"
        loading={stats.loading}
        error={stats.error}
        data={stats.data}
        onRetry={stats.reload}
      >
        {(data) => <Cards stats={data} />}
      </DataState>
      <h3>Trend</h3>
      <div className="filters">
        <label htmlFor={ids.trend}>Trend</label>
        <select id={ids.trend} value={trend.id} onChange={(event) => onChange({ trend: event.target.value })}>
          {TRENDS.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.stat}>Statistic</label>
        <select id={ids.stat} value={statistic} onChange={(event) => onChange({ stat: event.target.value })}>
          {STATISTICS.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label}
            </option>
          ))}
        </select>
      </div>
      <DataState
        what="the response-time trend"
        loading={trendState.loading}
        error={trendState.error}
        data={trendState.data}
        onRetry={trendState.reload}
        isEmpty={(data) => trendIsEmpty(trendSeries(data.answers, statistic))}
        empty="No incident in these windows has the times these figures need."
      >
        {(data) => <TrendChart trend={data} spec={trend} statistic={statistic} />}
      </DataState>
    </Panel>
  );
}

function Cards({ stats }: { stats: IncidentStats }) {
  return (
    <div className="cards" role="list" aria-label="Response times">
      {MEASURES.map((measure) => {
        const figures = stats[measure.id];
        return (
          <div className="card" role="listitem" key={measure.id} data-testid={`metrics-${measure.id}`}>
            <div className="label">
              <abbr title={measure.long}>{measure.short}</abbr> · {measure.long.toLowerCase()}
            </div>
            <div className="value">{figures.median_s === null ? "–" : formatDuration(figures.median_s)}</div>
            <div className="meta">
              {figures.count === 0
                ? `no incident here has ${measure.needs}`
                : `median; mean ${formatDuration(figures.mean_s)}; ${figures.count} incident${figures.count === 1 ? "" : "s"}`}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function TrendChart({ trend, spec, statistic }: { trend: Trend; spec: TrendSpec; statistic: Statistic }) {
  const labels = useMemo(() => trend.windows.map((window) => windowLabel(spec.id, window)), [trend, spec.id]);
  const series = useMemo(() => trendSeries(trend.answers, statistic), [trend, statistic]);
  const option = useMemo(() => {
    // plot in one unit chosen from the largest figure, so the axis ticks are round numbers of it
    const max = Math.max(0, ...series.flatMap((item) => item.values.filter((value): value is number => value !== null)));
    const unit = durationUnit(max);
    return lineOption(
      labels,
      series.map((item) => ({ name: item.name, values: item.values.map((value) => (value === null ? null : value / unit.seconds)) })),
      (value) => `${Number(value.toFixed(value >= 10 ? 0 : 1))} ${unit.name}`,
    );
  }, [labels, series]);
  const name = statistic === "median" ? "Median" : "Mean";
  return (
    <>
      {trend.failed > 0 && (
        <p className="warning" role="alert">
          {trend.failed} of {trend.windows.length} windows did not load ({describeError(trend.firstError)}); they show as gaps.
        </p>
      )}
      <p className="metrics-summary">{describeTrend(labels, series)}</p>
      <Chart option={option} label={`${name} response times, ${spec.label.toLowerCase()} (summary above, data below)`} height={260} testId="metrics-trend" />
      <ShowData
        caption={`${name} response times per window (incidents counted in brackets)`}
        columns={["Window", ...series.map((item) => item.name)]}
        rows={labels.map((label, at) => [
          label,
          ...series.map((item) => {
            const value = item.values[at];
            return value === null || value === undefined ? "–" : `${formatDuration(value)} (${item.counts[at] ?? 0})`;
          }),
        ])}
      />
    </>
  );
}
