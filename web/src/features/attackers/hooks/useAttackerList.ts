import { listAttackers } from "../api/attackers";
import { useAsync } from "../../../lib/useAsync";
import type { AsyncState } from "../../../lib/useAsync";
import { applyRefine, listRequest } from "./filters";
import type { AttackerFilters, ListAnswer } from "./filters";

/**
 * The attackers ``filters`` select: one page for the table, or (``scene``) the top ones for the 3-D view.
 * Attackers are not in the live-update feed (docs/attackers.md), so this reads once per change of filters
 * and on ``reload``.
 */
export function useAttackerList(filters: AttackerFilters, scene = false): AsyncState<ListAnswer> {
  const request = listRequest(filters, scene);
  const key = JSON.stringify(request);
  return useAsync(async (signal) => applyRefine(request, await listAttackers(request.query, signal)), [key]);
}
