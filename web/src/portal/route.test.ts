import { describe, expect, it } from "vitest";

import { href, parseRoute, withoutComparison, type Route } from "./route";

describe("routes", () => {
  it("reads every screen back from its own link", () => {
    const routes: Route[] = [
      { screen: "national" },
      { screen: "integrity" },
      { screen: "region", id: "abai" },
      { screen: "territorial", id: "TTEC-abai-1" },
      { screen: "precinct", territorial: "TTEC 1/2", id: "PEC 0107-015" },
      { screen: "district", number: 29 },
      { screen: "national", compare: null },
      { screen: "national", compare: 4 },
      { screen: "precinct", territorial: "TTEC 1/2", id: "PEC 0107-015", compare: null },
      { screen: "precinct", territorial: "TTEC 1/2", id: "PEC 0107-015", compare: 3 },
    ];
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });

  it("refuses what it does not know", () => {
    expect(parseRoute("#/district/0")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/district/x")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/region")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/precinct/a")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/region/%E0%A4%A")).toEqual({ screen: "unknown" });
    // A comparison names a version from 1 on, and nothing after it.
    expect(parseRoute("#/precinct/T/P/compare/0")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/precinct/T/P/compare/x")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/precinct/T/P/compare/2/more")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/precinct/T/P/versus/2")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/compare/0")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/compare/2/3")).toEqual({ screen: "unknown" });
  });

  it("closes a comparison back to its precinct", () => {
    const precinct: Route = { screen: "precinct", territorial: "T", id: "P" };
    expect(withoutComparison({ ...precinct, compare: 2 })).toEqual(precinct);
    expect(withoutComparison({ ...precinct, compare: null })).toEqual(precinct);
    expect(withoutComparison({ screen: "national", compare: 1 })).toEqual({ screen: "national" });
    expect(withoutComparison({ screen: "district", number: 3 })).toEqual({ screen: "district", number: 3 });
  });

  it("takes an empty hash for the national page", () => {
    expect(parseRoute("")).toEqual({ screen: "national" });
    expect(parseRoute("#/")).toEqual({ screen: "national" });
  });
});
