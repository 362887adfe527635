import { useMemo } from "react";

import { Chart } from "../../../components/Chart";
import { DataState } from "../../../components/DataState";
import { useAsync } from "../../../lib/useAsync";
import { searchEvents } from "../api/metrics";
import { describeRateChart, eventRateRequest, formatRate, rateChart } from "../hooks/eventRates";
import type { Dimension, RateChart } from "../hooks/eventRates";
import { alignedWindow, formatBucket, stepMs } from "../hooks/range";
import type { RangeSpec, TimeWindow } from "../hooks/range";
import { stackedTimeOption } from "./chartOptions";
import { Panel, ShowData } from "./Panel";

interface Loaded {
  window: TimeWindow;
  aggregations: unknown;
}

export function EventRatesPanel({ range, reload }: { range: RangeSpec; reload: number }) {
  const state = useAsync<Loaded>(
    async (signal) => {
      const window = alignedWindow(range.ms, stepMs(range.eventStep), Date.now());
      const answer = await searchEvents(eventRateRequest(window, range.eventStep), signal);
      return { window, aggregations: answer.aggregations };
    },
    [range.id, reload],
  );
  return (
    <Panel title="Events per second">
      <p className="hint">
        Events stored per second, by their own time, in buckets of {range.eventStep}; the last bucket runs up to now.
      </p>
      <DataState
        what="event rates"
        loading={state.loading}
        error={state.error}
        data={state.data}
        onRetry={state.reload}
        isEmpty={(data) => rateChart(data.aggregations, "category", data.window).total === 0}
        empty={`No events in ${range.phrase}.`}
      >
        {(data) => (
          <div className="metrics-columns" aria-busy={state.loading}>
            <RateBlock data={data} dimension="category" title="By category" range={range} />
            <RateBlock data={data} dimension="source" title="By source" range={range} />
          </div>
        )}
      </DataState>
    </Panel>
  );
}

function RateBlock({ data, dimension, title, range }: { data: Loaded; dimension: Dimension; title: string; range: RangeSpec }) {
  const chart: RateChart = useMemo(() => rateChart(data.aggregations, dimension, data.window), [data, dimension]);
  const option = useMemo(
    () =>
      stackedTimeOption(
        chart.times,
        chart.series.map((item) => ({ name: item.name, values: item.rates })),
        "area",
        formatRate,
        "events/s",
      ),
    [chart],
  );
  const when = (ms: number) => formatBucket(ms, data.window.step);
  const summary = describeRateChart(chart, range.phrase, dimension, when);
  return (
    <div className="metrics-block">
      <h3>{title}</h3>
      <p className="metrics-summary">{summary}</p>
      <Chart option={option} label={`Events per second by ${dimension}, ${range.phrase} (summary above, data below)`} height={260} testId={`metrics-eps-${dimension}`} />
      <ShowData
        caption={`Events per second by ${dimension}, per ${range.eventStep}`}
        columns={["Bucket start", ...chart.series.map((item) => item.name), "All", "Events"]}
        rows={chart.times.map((time, at) => [
          <time key="t" dateTime={new Date(time).toISOString()}>
            {formatBucket(time, data.window.step)}
          </time>,
          ...chart.series.map((item) => formatRate(item.rates[at] ?? 0)),
          formatRate(chart.totalRates[at] ?? 0),
          String(chart.totals[at] ?? 0),
        ])}
      />
    </div>
  );
}
