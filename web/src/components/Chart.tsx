// One ECharts chart: sized by its box, redrawn when the option or the theme changes, described for screen
// readers (ECharts' aria description plus the caller's label), and reporting brushed x ranges.
import { BarChart, LineChart, PieChart, ScatterChart } from "echarts/charts";
import {
  AriaComponent,
  BrushComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

import { cssVar, useEffectiveTheme } from "../lib/theme";

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  AriaComponent,
  BrushComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** Series colours that stay apart in both themes and for the common colour-vision deficiencies. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];

export interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers and as its title attribute. */
  label: string;
  height?: number | string;
  /** Let the analyst drag across the x axis; called with the range in axis values (epoch ms on time axes). */
  onBrushX?: (from: number, to: number) => void;
  testId?: string;
}

export function Chart({ option, label, height = 240, onBrushX, testId }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const brushRef = useRef(onBrushX);
  brushRef.current = onBrushX;
  const theme = useEffectiveTheme();

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, theme === "dark" ? "dark" : undefined, { renderer: "canvas" });
    chart.current = instance;
    instance.on("brushEnd", (params: unknown) => {
      const areas = (params as { areas?: { coordRange?: number[] }[] }).areas ?? [];
      const range = areas[0]?.coordRange;
      if (range && range.length === 2 && brushRef.current) {
        brushRef.current(Number(range[0]), Number(range[1]));
        instance.dispatchAction({ type: "brush", areas: [] });
      }
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const brushing = Boolean(onBrushX);
    instance.setOption(
      {
        color: PALETTE,
        backgroundColor: "transparent",
        textStyle: { color: cssVar("--fg") || undefined },
        aria: { enabled: true, decal: { show: true } },
        ...(brushing
          ? {
              brush: { xAxisIndex: "all", brushLink: "all", throttleType: "debounce", outOfBrush: { colorAlpha: 0.3 } },
              toolbox: { show: false },
            }
          : {}),
        ...option,
      },
      { notMerge: true },
    );
    if (brushing) {
      // make dragging select a range straight away, without a toolbox click
      instance.dispatchAction({ type: "takeGlobalCursor", key: "brush", brushOption: { brushType: "lineX" } });
    }
  }, [option, onBrushX, theme]);

  return (
    <div
      ref={box}
      className="chart"
      role="img"
      aria-label={label}
      title={label}
      data-testid={testId}
      style={{ width: "100%", height }}
    />
  );
}
