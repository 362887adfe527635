// features/live: the tab's one WebSocket connection. Features use it through lib/live.ts's hooks.
export { LiveProvider } from "./components/LiveProvider";
export { ConnectionIndicator } from "./components/ConnectionIndicator";
export { LiveClient, liveUrl } from "./api/liveClient";
export type { LiveClientOptions, SocketLike } from "./api/liveClient";
