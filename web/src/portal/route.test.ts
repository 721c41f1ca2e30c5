import { describe, expect, it } from "vitest";

import { href, parseRoute, type Route } from "./route";

describe("routes", () => {
  it("reads every screen back from its own link", () => {
    const routes: Route[] = [
      { screen: "national" },
      { screen: "integrity" },
      { screen: "region", id: "abai" },
      { screen: "territorial", id: "TTEC-abai-1" },
      { screen: "precinct", territorial: "TTEC 1/2", id: "PEC 0107-015" },
      { screen: "district", number: 29 },
    ];
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });

  it("refuses what it does not know", () => {
    expect(parseRoute("#/district/0")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/district/x")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/region")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/precinct/a")).toEqual({ screen: "unknown" });
    expect(parseRoute("#/region/%E0%A4%A")).toEqual({ screen: "unknown" });
  });

  it("takes an empty hash for the national page", () => {
    expect(parseRoute("")).toEqual({ screen: "national" });
    expect(parseRoute("#/")).toEqual({ screen: "national" });
  });
});
