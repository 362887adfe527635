// The ECharts options of the screen's charts, built from plain series so the panels stay declarative.
// Colours come from the shared palette unless a series names its own (severities); the Chart wrapper
// adds decal patterns, so series differ by more than colour.
import type { ChartOption } from "../../../components/Chart";

export interface PlotSeries {
  name: string;
  values: (number | null)[];
  colour?: string;
}

const legend = { type: "scroll", top: 0, left: 0, right: 0 };
const grid = { left: 8, right: 16, top: 60, bottom: 8 };

/** Series over time (x: epoch ms), stacked: areas for rates, bars for counts. */
export function stackedTimeOption(
  times: readonly number[],
  series: readonly PlotSeries[],
  kind: "area" | "bar",
  format: (value: number) => string,
  yName: string,
): ChartOption {
  return {
    legend,
    grid,
    tooltip: { trigger: "axis", valueFormatter: (value: unknown) => (typeof value === "number" ? format(value) : "–") },
    xAxis: { type: "time" },
    yAxis: { type: "value", name: yName, axisLabel: { formatter: (value: number) => format(value) } },
    series: series.map((item) => ({
      name: item.name,
      type: kind === "bar" ? "bar" : "line",
      stack: "total",
      ...(kind === "area" ? { areaStyle: { opacity: 0.55 }, showSymbol: false, lineStyle: { width: 1 } } : {}),
      ...(item.colour ? { itemStyle: { color: item.colour }, lineStyle: { width: 1, color: item.colour } } : {}),
      emphasis: { focus: "series" },
      data: times.map((time, at) => [time, item.values[at] ?? 0]),
    })),
  };
}

/** One or more counts per named category, as horizontal bars (names read better down the side). */
export function categoryBarOption(names: readonly string[], series: readonly PlotSeries[]): ChartOption {
  return {
    legend: series.length > 1 ? legend : undefined,
    grid: { ...grid, top: series.length > 1 ? 36 : 8 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    // the first name at the top, as the data tables list them
    yAxis: { type: "category", data: [...names].reverse(), axisLabel: { width: 140, overflow: "truncate" } },
    series: series.map((item) => ({
      name: item.name,
      type: "bar",
      // zero bars get no "0" beside them: the axis already says it, and the data table lists it
      label: { show: true, position: "right", formatter: (point: { value: unknown }) => (point.value ? String(point.value) : "") },
      data: [...item.values].reverse(),
    })),
  };
}

/** Values per labelled window (x: the labels), gaps where a value is missing. */
export function lineOption(labels: readonly string[], series: readonly PlotSeries[], format: (value: number) => string): ChartOption {
  return {
    legend,
    grid,
    tooltip: { trigger: "axis", valueFormatter: (value: unknown) => (typeof value === "number" ? format(value) : "no figure") },
    xAxis: { type: "category", data: [...labels], boundaryGap: false },
    yAxis: { type: "value", axisLabel: { formatter: (value: number) => format(value) } },
    series: series.map((item) => ({
      name: item.name,
      type: "line",
      connectNulls: false,
      symbolSize: 7,
      data: [...item.values],
    })),
  };
}

/** A bare line without axes labels, for a small in-memory history. */
export function sparklineOption(times: readonly number[], values: readonly number[], name: string): ChartOption {
  return {
    grid: { left: 4, right: 4, top: 8, bottom: 4 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "time", show: false },
    yAxis: { type: "value", show: false, min: 0 },
    series: [
      {
        name,
        type: "line",
        showSymbol: times.length < 3,
        areaStyle: { opacity: 0.25 },
        data: times.map((time, at) => [time, values[at] ?? 0]),
      },
    ],
  };
}
