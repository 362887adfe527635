// features/search: the event search screen (query, time range, histogram, windowed results, detail, pivots).
export { SearchScreen } from "./components/SearchScreen";
