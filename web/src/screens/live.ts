// Kept current by the server's events (GET /events, Server-Sent Events): each "protocol" event,
// a command on a protocol of the commission or below (only on `onlyProtocol` when given), calls
// `reload`, at most twice a second. Returns whether the stream is open, so a screen can say
// whether it is updated live.
import { useEffect, useRef, useState } from "preact/hooks";

import { eventsPath } from "../api";

// Whether an event's data ({"protocol", "status", "version"}) is about `protocol`.
export function isAbout(data: string, protocol: string): boolean {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === "object" && parsed !== null && (parsed as { protocol?: unknown }).protocol === protocol;
  } catch {
    return false;
  }
}

export function useProtocolEvents(commission: string, reload: () => void, onlyProtocol?: string): boolean {
  const [live, setLive] = useState(false);
  const latest = useRef(reload);
  latest.current = reload;

  useEffect(() => {
    if (typeof EventSource === "undefined") return undefined;
    let timer: number | undefined;
    const events = new EventSource(eventsPath(commission));
    events.addEventListener("open", () => setLive(true));
    events.addEventListener("error", () => setLive(false));
    events.addEventListener("protocol", (event) => {
      if (onlyProtocol !== undefined && !isAbout((event as MessageEvent<string>).data, onlyProtocol)) return;
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
  }, [commission, onlyProtocol]);
  return live;
}
