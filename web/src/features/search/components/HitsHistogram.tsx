// Hits over time as bars; dragging across them zooms the search to that stretch (absolute bounds in the URL),
// "Zoom out" widens it again. The time picker is the keyboard way to the same.
import { useMemo } from "react";

import type { ChartOption } from "../../../components/Chart";
import { Chart } from "../../../components/Chart";
import { describeError } from "../../../api";
import { formatCount, formatTime } from "../../../lib/format";
import { peakOf } from "../hooks/histogram";
import type { Histogram } from "../hooks/useHistogram";

export interface HitsHistogramProps {
  histogram: Histogram;
  onZoom: (from: number, to: number) => void;
  onZoomOut: (() => void) | null;
  /** The search itself failed: the histogram would only repeat it. */
  quiet: boolean;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function HitsHistogram({ histogram, onZoom, onZoomOut, quiet }: HitsHistogramProps) {
  const { series, interval, from, to, loading, error } = histogram;

  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 12, bottom: 28 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "time", min: from ?? undefined, max: to ?? undefined },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: "Events", data: series, barMaxWidth: 24, large: series.length > 600 }],
    }),
    [series, from, to],
  );

  const peak = peakOf(series);
  const total = series.reduce((sum, [, count]) => sum + count, 0);
  const description = interval
    ? `${formatCount(total)} events in ${series.length} bars of ${interval.label}` +
      (peak ? `; the busiest starts ${formatTime(iso(peak[0]))} with ${formatCount(peak[1])}` : "")
    : "";

  return (
    <section className="histogram" aria-labelledby="search-histogram-title" aria-busy={loading}>
      <div className="histogram-head">
        <h2 id="search-histogram-title">Events over time</h2>
        <span className="meta">
          {interval ? `Bars of ${interval.label}. ` : ""}Drag across the bars to zoom in.
        </span>
        {onZoomOut && (
          <button type="button" onClick={onZoomOut}>
            Zoom out
          </button>
        )}
        {loading && (
          <span role="status" className="hint loading">
            Counting…
          </span>
        )}
      </div>
      <Chart
        option={option}
        label={`Events over time${description ? `: ${description}` : ""}`}
        height={150}
        onBrushX={onZoom}
        testId="search-histogram"
      />
      {error !== null && error !== undefined && !quiet && (
        <p className="error" role="alert">
          Could not count events over time: {describeError(error)}
        </p>
      )}
      {!loading && !error && series.length > 0 && total === 0 && <p className="hint">No events in this range.</p>}
    </section>
  );
}
