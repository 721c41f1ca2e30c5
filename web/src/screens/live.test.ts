import { describe, expect, it } from "vitest";

import { isAbout } from "./live";

describe("isAbout", () => {
  it("matches an event's protocol exactly, and nothing malformed", () => {
    const data = JSON.stringify({ protocol: "P-1:list", status: "approved", version: 7 });
    expect(isAbout(data, "P-1:list")).toBe(true);
    expect(isAbout(data, "P-1:d1")).toBe(false);
    expect(isAbout(data, "P-1")).toBe(false);
    expect(isAbout("not json", "P-1:list")).toBe(false);
    expect(isAbout("null", "P-1:list")).toBe(false);
    expect(isAbout('"P-1:list"', "P-1:list")).toBe(false);
  });
});
