// features/metrics: event rates, alerts, incidents, response times and pipeline health on one page.
export { MetricsScreen } from "./components/MetricsScreen";
