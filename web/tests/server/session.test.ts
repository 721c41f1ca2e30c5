// A session that ends mid-entry, for real: the second `esep serve` of global_setup.ts logs a
// user out after kIdleSeconds without a request. A typist types part of a protocol, sees it
// saved, stays idle past the limit, types more; the save is refused (401), the login screen
// appears, and after logging in again the entry holds every figure typed, before the end of the
// session and after it. Screenshots go to web/test-results/ (server-*.png).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { axeViolations, launch, screenshots } from "../browser/browser";
import { kIdleSeconds } from "./global_setup";
import { apiOk, figureOf, finish, formKeys, logIn, openRowAction, ownPassword, personAt, typeLines } from "./people";

const server = inject("server");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

interface Entry {
  state: string;
  values: Record<string, number | null>;
}

function pick(values: Record<string, number | null>, keys: string[]): Record<string, number | null> {
  return Object.fromEntries(keys.map((key) => [key, values[key] ?? null]));
}

describe("esep serve --session-idle with the web application", () => {
  it("keeps every figure typed when the session ends mid-entry, and saves it after the new login", async () => {
    const protocol = `${server.precinct}:list`;
    const path = `/protocols/${protocol}/entries/1`;
    const paper = server.values;
    const typist = await personAt(browser, server.idleBaseUrl, "typist.a");
    await openRowAction(typist, protocol, "Type the first entry");
    await typist.getByRole("heading", { name: `Protocol ${protocol} · entry 1` }).waitFor();
    const keys = await formKeys(typist);
    const before = keys.slice(0, 6); // typed and saved while the session lasts
    const after = keys.slice(6, 12); // typed once it has ended
    const rest = keys.slice(12);
    expect(rest.length).toBeGreaterThan(0);

    await typeLines(typist, before, paper);
    // Saved: the server holds the first lines (this request is the session's last).
    await expect
      .poll(async () => pick((await apiOk<Entry>(typist, "GET", path)).values, before), { timeout: 20_000 })
      .toEqual(pick(paper, before));
    await typist.getByText("Every typed figure is saved").waitFor();

    // Idle past the limit: the session ends on the server.
    await typist.waitForTimeout((kIdleSeconds + 3) * 1000);

    // More lines. Their save is held back until the last is typed, so that a slow machine's
    // pause between two keystrokes cannot send it earlier (the server still answers it).
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await typist.route((url) => url.pathname === `/api/v1${path}`, async (route) => {
      await gate;
      await route.continue();
    });
    await typeLines(typist, after, paper);
    release();
    await typist.getByRole("heading", { name: "Log in" }).waitFor();
    await typist.getByRole("status").filter({ hasText: "Your session has ended. Log in again." }).waitFor();
    await typist.unrouteAll();
    expect(await axeViolations(typist)).toEqual([]);
    await screenshots(typist, "server-10-session-ended");

    // Meanwhile the server has only what was saved before the end: the coordinator reads it.
    const coordinator = await personAt(browser, server.idleBaseUrl, "coordinator.a");
    const held = await apiOk<Entry>(coordinator, "GET", path);
    expect(pick(held.values, before)).toEqual(pick(paper, before));
    expect(Object.values(pick(held.values, after))).toEqual(after.map(() => null));

    // The typist logs in again: the form comes back with every line typed, and saves it.
    await logIn(typist, "typist.a", ownPassword("typist.a"));
    await typist.getByRole("heading", { name: `Protocol ${protocol} · entry 1` }).waitFor();
    const typed = [...before, ...after];
    await expect
      .poll(async () => pick((await apiOk<Entry>(typist, "GET", path)).values, typed), { timeout: 20_000 })
      .toEqual(pick(paper, typed));
    await typist.getByText("Every typed figure is saved").waitFor();
    for (const key of typed) {
      const input = typist.locator(`#line-${key.replace(".", "-")}`);
      expect([key, figureOf(await input.inputValue())]).toEqual([key, paper[key]]);
    }
    for (const key of rest) {
      await expect(typist.locator(`#line-${key.replace(".", "-")}`).inputValue()).resolves.toBe("");
    }
    await screenshots(typist, "server-11-session-restored");

    // The rest of the paper, and the entry is finished with every figure.
    await typeLines(typist, rest, paper);
    await finish(typist);
    const done = await apiOk<Entry>(typist, "GET", path);
    expect(done.state).toBe("finalised");
    expect(pick(done.values, keys)).toEqual(pick(paper, keys));
    await coordinator.context().close();
    await typist.context().close();
  });
});
