// features/attackers: the profiles (table and 3-D view), one profile (edit, merge, notes, pivots), and
// the plain-text blocklist feed.
export { AttackersScreen } from "./components/AttackersScreen";
export { AttackerDetailScreen } from "./components/AttackerDetailScreen";
