// Hash routes (#/region/abai), so a static server needs no rewrite rules: every screen is
// index.html plus a fragment the server never sees. Ids are URI-encoded, as unit ids may hold
// spaces (`PEC 0107-015`). A precinct's comparison with an earlier publication is part of its
// route (`#/precinct/T/P/compare/3`, and the national page's `#/compare/3`), so a comparison can
// be shared by its link.
import { signal } from "@preact/signals";

export type Route =
  | { screen: "national"; compare?: number | null }
  | { screen: "region"; id: string }
  | { screen: "territorial"; id: string }
  // compare: absent when no comparison is open, null when it is open and no version chosen yet.
  | { screen: "precinct"; territorial: string; id: string; compare?: number | null }
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
  const [screen, first, second, third, fourth] = decoded;
  if (screen === undefined) return { screen: "national" };
  if (screen === "compare" && first === undefined) return { screen: "national", compare: null };
  if (screen === "compare" && first !== undefined && /^[1-9][0-9]*$/.test(first) && second === undefined) {
    return { screen: "national", compare: Number(first) };
  }
  if (screen === "integrity" && first === undefined) return { screen: "integrity" };
  if (screen === "region" && first !== undefined && second === undefined) return { screen: "region", id: first };
  if (screen === "territorial" && first !== undefined && second === undefined) return { screen: "territorial", id: first };
  if (screen === "precinct" && first !== undefined && second !== undefined) {
    if (decoded.length === 3) return { screen: "precinct", territorial: first, id: second };
    if (third === "compare" && decoded.length === 4) return { screen: "precinct", territorial: first, id: second, compare: null };
    if (third === "compare" && fourth !== undefined && /^[1-9][0-9]*$/.test(fourth) && decoded.length === 5) {
      return { screen: "precinct", territorial: first, id: second, compare: Number(fourth) };
    }
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
      if (route.compare === undefined) return "#/";
      return route.compare === null ? "#/compare" : `#/compare/${route.compare}`;
    case "integrity":
      return "#/integrity";
    case "region":
      return `#/region/${encode(route.id)}`;
    case "territorial":
      return `#/territorial/${encode(route.id)}`;
    case "precinct": {
      const precinct = `#/precinct/${encode(route.territorial)}/${encode(route.id)}`;
      if (route.compare === undefined) return precinct;
      return route.compare === null ? `${precinct}/compare` : `${precinct}/compare/${route.compare}`;
    }
    case "district":
      return `#/district/${route.number}`;
    case "unknown":
      return "#/";
  }
}

// The route's screen without its comparison: choosing a version to compare with stays on the
// same screen (no scrolling back to the top), and "close" goes back to it.
export function withoutComparison(route: Route): Route {
  if (route.screen === "precinct") return { screen: "precinct", territorial: route.territorial, id: route.id };
  return route.screen === "national" ? { screen: "national" } : route;
}

export const route = signal<Route>(parseRoute(globalThis.location?.hash ?? ""));

export function followHash(): void {
  window.addEventListener("hashchange", () => {
    route.value = parseRoute(window.location.hash);
  });
}
