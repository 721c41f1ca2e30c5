import { describe, expect, it } from "vitest";

import { progressShare } from "./share";

describe("progressShare", () => {
  it("is 0 with nothing in and 100 only with everything in", () => {
    expect(progressShare(0, 300)).toEqual({ bound: "", value: 0, digits: 0 });
    expect(progressShare(300, 300)).toEqual({ bound: "", value: 100, digits: 0 });
  });

  it("never rounds up to 100 before the last protocol", () => {
    expect(progressShare(9_999, 10_000)).toEqual({ bound: ">", value: 99.9, digits: 1 });
    expect(progressShare(10_222, 10_223)).toEqual({ bound: ">", value: 99.9, digits: 1 });
    expect(progressShare(299, 300)).toEqual({ bound: "", value: 99.7, digits: 1 });
  });

  it("never rounds down to 0 after the first protocol", () => {
    expect(progressShare(1, 10_223)).toEqual({ bound: "<", value: 0.1, digits: 1 });
    expect(progressShare(1, 1_000)).toEqual({ bound: "", value: 0.1, digits: 1 });
  });

  it("rounds to one decimal in between", () => {
    expect(progressShare(270, 300)).toEqual({ bound: "", value: 90, digits: 1 });
    expect(progressShare(1, 3)).toEqual({ bound: "", value: 33.3, digits: 1 });
    expect(progressShare(2, 3)).toEqual({ bound: "", value: 66.7, digits: 1 });
  });

  it("treats an empty unit as nothing in", () => {
    expect(progressShare(0, 0)).toEqual({ bound: "", value: 0, digits: 0 });
  });
});
