// Hash routes (#/region/abai), so a static server needs no rewrite rules: every screen is
// index.html plus a fragment the server never sees. Ids are URI-encoded, as unit ids may hold
// spaces (`PEC 0107-015`).
import { signal } from "@preact/signals";

export type Route =
  | { screen: "national" }
  | { screen: "region"; id: string }
  | { screen: "territorial"; id: string }
  | { screen: "precinct"; territorial: string; id: string }
  | { screen: "district"; number: number }
  | { screen: "integrity" }
  | { screen: "unknown" };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter((part) => part !== "");
  let decoded: string[];
  try {
    decoded = parts.map((part) => decodeURIComponent(part));
  } catch {
    return { screen: "unknown" };
  }
  const [screen, first, second] = decoded;
  if (screen === undefined) return { screen: "national" };
  if (screen === "integrity" && first === undefined) return { screen: "integrity" };
  if (screen === "region" && first !== undefined && second === undefined) return { screen: "region", id: first };
  if (screen === "territorial" && first !== undefined && second === undefined) return { screen: "territorial", id: first };
  if (screen === "precinct" && first !== undefined && second !== undefined && decoded.length === 3) {
    return { screen: "precinct", territorial: first, id: second };
  }
  if (screen === "district" && first !== undefined && /^[1-9][0-9]*$/.test(first) && second === undefined) {
    return { screen: "district", number: Number(first) };
  }
  return { screen: "unknown" };
}

export function href(route: Route): string {
  const encode = encodeURIComponent;
  switch (route.screen) {
    case "national":
      return "#/";
    case "integrity":
      return "#/integrity";
    case "region":
      return `#/region/${encode(route.id)}`;
    case "territorial":
      return `#/territorial/${encode(route.id)}`;
    case "precinct":
      return `#/precinct/${encode(route.territorial)}/${encode(route.id)}`;
    case "district":
      return `#/district/${route.number}`;
    case "unknown":
      return "#/";
  }
}

export const route = signal<Route>(parseRoute(globalThis.location?.hash ?? ""));

export function followHash(): void {
  window.addEventListener("hashchange", () => {
    route.value = parseRoute(window.location.hash);
  });
}
