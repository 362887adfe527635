import { useEffect, useState } from "react";

import { api, session } from "../../../api";
import { LiveClient, liveUrl } from "../api/liveClient";

/** The tab's one live connection, open while signed in. */
export function useLiveClient(): LiveClient {
  const [client] = useState(
    () =>
      new LiveClient({
        url: liveUrl(window.location),
        token: () => session.token(),
        // a refused token: refresh it, or (401) the API client sends the analyst to sign-in
        onAuthRejected: () => void api.get("/api/v1/auth/me").catch(() => undefined),
      }),
  );
  useEffect(() => {
    const follow = () => (session.token() ? client.start() : client.stop());
    follow();
    const off = session.subscribe(follow);
    const online = () => client.reconnectNow();
    window.addEventListener("online", online);
    return () => {
      off();
      window.removeEventListener("online", online);
      client.stop();
    };
  }, [client]);
  return client;
}
