// features/admin: users, API keys, the watchlist and blocklist, and the audit log (administrators only).
export { AdminScreen } from "./components/AdminScreen";
