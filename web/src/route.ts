// The screen to show, from the location's hash: "#/" (open a protocol) or
// "#/protocols/<id>/entries/<1|2>" (the protocol form). Hash routes keep every screen a static
// file the server need not know about.
import { signal } from "@preact/signals";

import { isProtocolId, type EntryNumber } from "./api";

export type Route = { screen: "home" } | { screen: "entry"; protocol: string; entry: EntryNumber };

export function parseRoute(hash: string): Route {
  const match = /^#\/protocols\/([^/]+)\/entries\/([12])$/.exec(hash);
  if (match !== null) {
    const protocol = decodeURIComponent(match[1] ?? "");
    if (isProtocolId(protocol)) {
      return { screen: "entry", protocol, entry: match[2] === "2" ? 2 : 1 };
    }
  }
  return { screen: "home" };
}

export function entryHash(protocol: string, entry: EntryNumber): string {
  return `#/protocols/${protocol}/entries/${entry}`;
}

export const route = signal<Route>(parseRoute(globalThis.location?.hash ?? ""));

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    route.value = parseRoute(window.location.hash);
  });
}
