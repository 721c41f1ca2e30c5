// The screen to show, from the location's hash. Hash routes keep every screen a static file the
// server need not know about.
//   #/                                   my commission's dashboard
//   #/commissions/<id>/protocols         a commission's protocol list
//   #/protocols/<id>/entries/<1|2>       the protocol form
//   #/protocols/<id>/differences         resolving a difference
//   #/protocols/<id>/history             a protocol's approved versions and corrections
//   #/commissions/<id>/summary           a higher commission's summary protocols against its precincts
//   #/open                               open a protocol by its id
//   #/audit                              the audit log
//   #/users                              user administration
import { signal } from "@preact/signals";

import { isCommissionId, isProtocolId, type EntryNumber } from "./api";

export type Route =
  | { screen: "dashboard" }
  | { screen: "open" }
  | { screen: "audit" }
  | { screen: "users" }
  | { screen: "protocols"; commission: string }
  | { screen: "entry"; protocol: string; entry: EntryNumber }
  | { screen: "differences"; protocol: string }
  | { screen: "history"; protocol: string }
  | { screen: "summary"; commission: string };

export function parseRoute(hash: string): Route {
  const entry = /^#\/protocols\/([^/]+)\/entries\/([12])$/.exec(hash);
  if (entry !== null) {
    const protocol = decodeURIComponent(entry[1] ?? "");
    if (isProtocolId(protocol)) {
      return { screen: "entry", protocol, entry: entry[2] === "2" ? 2 : 1 };
    }
  }
  const differences = /^#\/protocols\/([^/]+)\/differences$/.exec(hash);
  if (differences !== null) {
    const protocol = decodeURIComponent(differences[1] ?? "");
    if (isProtocolId(protocol)) return { screen: "differences", protocol };
  }
  const history = /^#\/protocols\/([^/]+)\/history$/.exec(hash);
  if (history !== null) {
    const protocol = decodeURIComponent(history[1] ?? "");
    if (isProtocolId(protocol)) return { screen: "history", protocol };
  }
  const summary = /^#\/commissions\/([^/]+)\/summary$/.exec(hash);
  if (summary !== null) {
    const commission = decodeURIComponent(summary[1] ?? "");
    if (isCommissionId(commission)) return { screen: "summary", commission };
  }
  const protocols = /^#\/commissions\/([^/]+)\/protocols$/.exec(hash);
  if (protocols !== null) {
    const commission = decodeURIComponent(protocols[1] ?? "");
    if (isCommissionId(commission)) return { screen: "protocols", commission };
  }
  if (hash === "#/open") return { screen: "open" };
  if (hash === "#/audit") return { screen: "audit" };
  if (hash === "#/users") return { screen: "users" };
  return { screen: "dashboard" };
}

export function entryHash(protocol: string, entry: EntryNumber): string {
  return `#/protocols/${protocol}/entries/${entry}`;
}

export function differencesHash(protocol: string): string {
  return `#/protocols/${protocol}/differences`;
}

export function historyHash(protocol: string): string {
  return `#/protocols/${protocol}/history`;
}

export function summaryHash(commission: string): string {
  return `#/commissions/${commission}/summary`;
}

export function protocolsHash(commission: string): string {
  return `#/commissions/${commission}/protocols`;
}

export const route = signal<Route>(parseRoute(globalThis.location?.hash ?? ""));

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    route.value = parseRoute(window.location.hash);
  });
}
