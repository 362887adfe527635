// The live-updates port: what features may ask of the tab's one WebSocket connection. features/live
// implements it (LiveProvider) and the app puts it in LiveContext; features use these hooks only, so no
// feature imports another. Wire protocol: docs/api.md, "Live updates (WebSocket)".
import { createContext, useContext, useEffect, useRef, useState } from "react";

export type LiveEntity = "incident" | "alert" | "investigation";
export type ChangeOp = "created" | "updated" | "deleted" | "appended";

/** One change to what analysts share, as the server sends it. */
export interface ChangeMessage {
  type: "change";
  seq: number;
  entity: LiveEntity;
  op: ChangeOp;
  id: string;
  version: number | null;
  actor: string | null;
  time: string;
  /** The document after the change; for "appended", the item appended to the list named by ``sub``. */
  data: Record<string, unknown> | null;
  sub: string | null;
}

export type PresenceState = "viewing" | "editing" | "left";

export interface PresenceUser {
  name: string;
  state: "viewing" | "editing";
}

export interface ConnectionStatus {
  state: "idle" | "connecting" | "open" | "reconnecting";
  /** Consecutive failed attempts since the last successful connection. */
  attempt: number;
  /** When the next attempt starts (epoch ms), while reconnecting. */
  retryAt: number | null;
  /** The last thing that went wrong, in words. */
  problem: string | null;
}

export interface LiveChannel {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  subscribe(listener: (change: ChangeMessage) => void): () => void;
  /** The server could not replay what this tab missed: reload from REST. */
  onResync(listener: () => void): () => void;
  /** Say what this analyst is doing on ``target`` ("incident/<id>"); repeated until "left". */
  setPresence(target: string, state: PresenceState): void;
  watchPresence(target: string, listener: (users: PresenceUser[]) => void): () => void;
  reconnectNow(): void;
}

export const LiveContext = createContext<LiveChannel | null>(null);

export function useLiveChannel(): LiveChannel | null {
  return useContext(LiveContext);
}

/** Call ``handler`` for every change ``filter`` accepts, and ``onResync`` when the tab must reload. */
export function useLiveChanges(
  filter: (change: ChangeMessage) => boolean,
  handler: (change: ChangeMessage) => void,
  onResync?: () => void,
): void {
  const live = useLiveChannel();
  const latest = useRef({ filter, handler, onResync });
  latest.current = { filter, handler, onResync };
  useEffect(() => {
    if (!live) return undefined;
    const offChange = live.subscribe((change) => {
      if (latest.current.filter(change)) latest.current.handler(change);
    });
    const offResync = live.onResync(() => latest.current.onResync?.());
    return () => {
      offChange();
      offResync();
    };
  }, [live]);
}

/** Declare this analyst's ``state`` on ``target`` while mounted; the others there, as the server says. */
export function usePresence(target: string | null, state: Exclude<PresenceState, "left">): PresenceUser[] {
  const live = useLiveChannel();
  const [users, setUsers] = useState<PresenceUser[]>([]);
  useEffect(() => {
    if (!live || !target) return undefined;
    const off = live.watchPresence(target, setUsers);
    return () => {
      off();
      live.setPresence(target, "left");
      setUsers([]);
    };
  }, [live, target]);
  useEffect(() => {
    if (live && target) live.setPresence(target, state);
  }, [live, target, state]);
  return users;
}

export function useConnectionStatus(): ConnectionStatus | null {
  const live = useLiveChannel();
  const [status, setStatus] = useState<ConnectionStatus | null>(live ? live.status() : null);
  useEffect(() => {
    if (!live) return undefined;
    setStatus(live.status());
    return live.onStatus(setStatus);
  }, [live]);
  return status;
}
