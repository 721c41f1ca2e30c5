// Whole flows in a real browser against a real `esep serve` (tests/server/global_setup.ts): two
// typists enter one protocol with one differing line, the coordinator returns the wrong entry to
// its typist, who corrects it, the chair approves, and the result the server's store gives
// equals that of the same protocol imported alone; a typist of another territorial commission
// cannot open it. Screenshots go to web/test-results/ (server-*.png); axe-core checks the screens.
// (session.test.ts: a session that ends mid-entry.)
import { join } from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { axeViolations, launch, screenshots } from "../browser/browser";
import {
  finish,
  nationalResult as nationalResultOf,
  openRowAction,
  personAt as personAtServer,
  typeForm,
} from "./people";

const server = inject("server");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

function personAt(login: string, firstLogin?: boolean): Promise<Page> {
  return personAtServer(browser, server.baseUrl, login, firstLogin);
}

function nationalResult(store: string): string {
  return nationalResultOf(server.esep, store);
}

describe("esep serve with the web application", () => {
  it("takes one protocol through double entry, a returned entry and approval into the result", async () => {
    const protocol = `${server.precinct}:list`;
    const direct = nationalResult(join(server.work, "direct.db"));
    expect(nationalResult(server.store)).not.toBe(direct);

    const first = await personAt("typist.a", true);
    await openRowAction(first, protocol, "Type the first entry");
    await first.getByRole("heading", { name: `Protocol ${protocol} · entry 1` }).waitFor();
    await typeForm(first, server.values);
    await screenshots(first, "server-01-first-entry");
    await finish(first);

    // The second typist misreads one line: the daytime turnout, 10 too low (no control ratio
    // catches it; only the comparison of the two entries does).
    const second = await personAt("typist.b", true);
    await openRowAction(second, protocol, "Type the second entry");
    await second.getByRole("heading", { name: `Protocol ${protocol} · entry 2` }).waitFor();
    const misread = {
      ...server.values,
      turnout_reported_during_day: (server.values["turnout_reported_during_day"] ?? 0) - 10,
    };
    await typeForm(second, misread);
    await finish(second);

    const coordinator = await personAt("coordinator.a", true);
    await openRowAction(coordinator, protocol, "Resolve");
    await coordinator.getByRole("heading", { name: `Protocol ${protocol}: the two entries` }).waitFor();
    // The heading comes before the entries are loaded: wait for the table.
    await coordinator.locator("table.compare tbody tr.differs").first().waitFor();
    await expect(coordinator.locator("table.compare tbody tr.differs").count()).resolves.toBe(1);
    expect(await axeViolations(coordinator)).toEqual([]);
    await screenshots(coordinator, "server-02-resolution");
    await coordinator.getByLabel("Return the second entry to its typist, with the differing lines cleared").check();
    await coordinator.getByRole("button", { name: "Record the decision" }).click();
    await coordinator.getByText("Decision recorded").waitFor();

    // The second typist finds only the differing line blank, and types it again from the paper.
    const again = await personAt("typist.b", false);
    await openRowAction(again, protocol, "Type the second entry");
    const line = again.locator("#line-turnout_reported_during_day");
    await line.waitFor();
    await expect(line.inputValue()).resolves.toBe("");
    await expect(again.locator("#line-voters_on_list").inputValue()).resolves.not.toBe("");
    await line.fill(String(server.values["turnout_reported_during_day"]));
    await line.press("Enter");
    await finish(again);

    const chair = await personAt("chair.a", true);
    await chair.getByRole("link", { name: "Protocols", exact: true }).click();
    const row = chair.locator(`tr[data-protocol="${protocol}"]`);
    await row.getByRole("button", { name: "Approve" }).click();
    await chair.getByText(`Protocol ${protocol} is approved.`).waitFor();
    expect(await axeViolations(chair)).toEqual([]);
    await screenshots(chair, "server-03-approved");

    // The result from the server's store is exactly that of this one protocol.
    expect(nationalResult(server.store)).toBe(direct);
  });

  it("refuses a typist of another territorial commission the protocol", async () => {
    const page = await personAt("typist.other", true);
    await page.goto(`${server.baseUrl}#/protocols/${server.precinct}:list/entries/1`);
    await page.getByText("You do not have the right to do this.").waitFor();
    await screenshots(page, "server-04-other-commission");
  });
});
