// Kept current by the server's events (GET /events, Server-Sent Events): each "protocol" event,
// a command on a protocol of the commission or below, calls `reload`, at most twice a second.
// Returns whether the stream is open, so a screen can say whether it is updated live.
import { useEffect, useRef, useState } from "preact/hooks";

import { eventsPath } from "../api";

export function useProtocolEvents(commission: string, reload: () => void): boolean {
  const [live, setLive] = useState(false);
  const latest = useRef(reload);
  latest.current = reload;

  useEffect(() => {
    if (typeof EventSource === "undefined") return undefined;
    let timer: number | undefined;
    const events = new EventSource(eventsPath(commission));
    events.addEventListener("open", () => setLive(true));
    events.addEventListener("error", () => setLive(false));
    events.addEventListener("protocol", () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        latest.current();
      }, 500);
    });
    return () => {
      window.clearTimeout(timer);
      events.close();
    };
  }, [commission]);
  return live;
}
