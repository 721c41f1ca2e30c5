// Whole flows in a real browser against a real `esep serve` (tests/server/global_setup.ts): two
// typists enter one protocol with one differing line, the coordinator returns the wrong entry to
// its typist, who corrects it, the chair approves, and the result the server's store gives
// equals that of the same protocol imported alone; a typist of another territorial commission
// cannot open it. A third territorial commission's summary protocol differs from its accepted
// precincts and the chair approves it with a decision; an approved precinct protocol is corrected
// by a decision, and the result changes by the corrected figure. Screenshots go to
// web/test-results/ (server-*.png); axe-core checks the screens. (session.test.ts: a session that
// ends mid-entry.)
import { join } from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { axeViolations, launch, screenshots } from "../browser/browser";
import {
  api,
  apiOk,
  approveByApi,
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

// A third territorial commission's summary protocol and a correction by decision, with the
// chair's steps through the screens; the precinct protocols below are prepared through the API
// (both entries by two typists, the chair's approval), from a logged-in page.
describe("summary protocols and corrections by decision, against the real server", () => {
  const team = server.team;
  const summary = `${team}:list`;
  const english = new Intl.NumberFormat("en-GB");

  interface ProtocolRow {
    protocol: string;
    commission: string;
    contest: { kind: string };
    status: string;
  }

  interface Decision {
    number: string;
    date: string;
    commission: string;
    reason: string;
  }

  interface Versions {
    status: string;
    correction: Decision | null;
    versions: Array<{ number: number; decision: Decision | null; reconciliation: Decision | null; changed: string[] }>;
  }

  function precinctOf(index: number): { precinct: string; values: Record<string, number> } {
    const found = server.teamPrecincts[index];
    if (found === undefined) throw new Error(`no precinct ${index} of ${team}`);
    return found;
  }

  it("compares the territorial summary protocol with its precincts, and the chair approves it with a decision", async () => {
    const first = await personAt("typist.c1");
    const second = await personAt("typist.c2");
    const chair = await personAt("chair.c");
    // A typist has no summary reconciliation (docs/roles.md).
    expect((await api(first, "GET", `/commissions/${team}/summary`)).status).toBe(403);

    // Two precinct protocols accepted below.
    const accepted = [precinctOf(0), precinctOf(1)];
    for (const { precinct, values } of accepted) {
      await approveByApi(first, second, chair, `${precinct}:list`, values);
    }
    const sums: Record<string, number> = {};
    for (const { values } of accepted) {
      for (const [key, value] of Object.entries(values)) sums[key] = (sums[key] ?? 0) + value;
    }
    // The summary as the territorial commission wrote it: four more voters on the list than its
    // accepted precincts (no control ratio catches it).
    const written = { ...sums, voters_on_list: (sums["voters_on_list"] ?? 0) + 4 };

    // Both entries of the summary protocol typed in the screens, identical: it is definitive.
    await openRowAction(first, summary, "Type the first entry");
    await first.getByRole("heading", { name: `Protocol ${summary} · entry 1` }).waitFor();
    await typeForm(first, written);
    await finish(first);
    await openRowAction(second, summary, "Type the second entry");
    await second.getByRole("heading", { name: `Protocol ${summary} · entry 2` }).waitFor();
    await typeForm(second, written);
    await finish(second);

    // The chair, from the dashboard to the comparison.
    const rows = (await apiOk<{ protocols: ProtocolRow[] }>(chair, "GET", `/commissions/${team}/protocols`)).protocols;
    const precinctLists = rows.filter((row) => row.commission !== team && row.contest.kind === "list");
    const approvedBelow = precinctLists.filter((row) => row.status === "approved").length;
    expect(approvedBelow).toBeGreaterThanOrEqual(accepted.length);
    await chair.getByRole("link", { name: "Dashboard", exact: true }).click();
    await chair.getByRole("link", { name: "Compare the summary protocols with the precinct protocols" }).click();
    await chair.getByRole("heading", { name: `Commission ${team}: summary protocols against the precincts` }).waitFor();
    const card = chair.locator(`section[data-protocol="${summary}"]`);
    await card.getByText(`Precinct protocols accepted: ${approvedBelow} of ${precinctLists.length}`).waitFor();
    await card.getByText("Compared: the definitive figures of the summary protocol, awaiting the chair's approval.").waitFor();
    await card.getByText("Lines where the summary protocol differs from the sum of the accepted precinct protocols: 1.").waitFor();
    const voters = card.locator('tr[data-key="voters_on_list"]');
    await expect(voters.getAttribute("class")).resolves.toBe("differs");
    await expect(voters.textContent()).resolves.toContain(
      `${english.format(written.voters_on_list)}${english.format(sums["voters_on_list"] ?? 0)}+4✕ differs`,
    );
    await expect(card.locator('tr[data-key="valid_ballots"]').getAttribute("class")).resolves.toBe("equal");
    await expect(card.locator("tr.differs").count()).resolves.toBe(1);
    expect(await axeViolations(chair)).toEqual([]);
    await screenshots(chair, "server-05-summary-differs");

    // The server refuses the approval without a decision, naming the differing figure.
    const version = (await apiOk<{ version: number }>(chair, "GET", `/protocols/${summary}/versions`)).version;
    const refused = await api(chair, "POST", `/protocols/${summary}/approve`, undefined, version);
    expect(refused.status).toBe(422);
    const error = (refused.json as { error: { code: string; field: string | null; message: string } }).error;
    expect(error.code).toBe("failed_precondition");
    expect(error.field).toBe("decision");
    expect(error.message).toContain(
      `voters on the list ${english.format(written.voters_on_list)} on the summary, ` +
        `${english.format(sums["voters_on_list"] ?? 0)} in the precincts (+4)`,
    );
    expect(error.message).toContain(`the sum of its ${approvedBelow} of ${precinctLists.length} precinct protocols`);

    // The screen asks for the decision: approving with its fields blank says what is missing.
    await expect(card.getByLabel("Commission that took the decision").inputValue()).resolves.toBe(team);
    await card.getByRole("button", { name: "Approve with this decision" }).click();
    await card.getByText("Write the number of the decision.").waitFor();
    await card.getByText("Write the reason.").waitFor();
    await expect(card.getByLabel("Number of the decision").getAttribute("aria-invalid")).resolves.toBe("true");
    expect(await axeViolations(chair)).toEqual([]);
    await screenshots(chair, "server-06-summary-decision-blank");

    const decision: Decision = {
      number: "5/12",
      date: "2026-12-08",
      commission: team,
      reason: "Four voters added to the list at the territorial commission; three precincts still to come",
    };
    await card.getByLabel("Number of the decision").fill(decision.number);
    await card.getByLabel("Date of the decision").fill(decision.date);
    await card.getByLabel("Reason", { exact: true }).fill(decision.reason);
    await card.getByRole("button", { name: "Approve with this decision" }).click();
    await card.getByText(`Summary protocol ${summary} is approved.`).waitFor();
    await card.getByText("Compared: the approved version of the summary protocol, in force.").waitFor();
    await expect(card.getByRole("button", { name: "Approve with this decision" }).count()).resolves.toBe(0);
    expect(await axeViolations(chair)).toEqual([]);
    await screenshots(chair, "server-07-summary-approved");

    // The decision is kept with the approved version.
    const history = await apiOk<Versions>(chair, "GET", `/protocols/${summary}/versions`);
    expect(history.status).toBe("approved");
    expect(history.versions).toHaveLength(1);
    expect(history.versions[0]?.reconciliation).toEqual(decision);
    expect(history.versions[0]?.decision).toBeNull();
    // And shown on the summary's history.
    await card.getByRole("link", { name: `${summary}: versions and corrections` }).click();
    await chair.getByRole("heading", { name: `Protocol ${summary}: versions and corrections` }).waitFor();
    const shown = chair.locator('section[data-version="1"]');
    await expect(shown.textContent()).resolves.toContain("Decision explaining the difference from the precincts");
    await expect(shown.textContent()).resolves.toContain(decision.reason);
    for (const page of [first, second, chair]) await page.context().close();
  });

  it("corrects an approved precinct protocol by a decision; the result changes by the corrected figure", async () => {
    const first = await personAt("typist.c1");
    const second = await personAt("typist.c2");
    const chair = await personAt("chair.c");
    const { precinct, values } = precinctOf(2);
    const protocol = `${precinct}:list`;
    await approveByApi(first, second, chair, protocol, values);
    const before = nationalResult(server.store);

    // The chair opens the protocol's history from the list, and a correction by decision.
    await chair.getByRole("link", { name: "Protocols", exact: true }).click();
    await chair.locator(`tr[data-protocol="${protocol}"]`).getByRole("link", { name: "History" }).click();
    await chair.getByRole("heading", { name: `Protocol ${protocol}: versions and corrections` }).waitFor();
    await chair.locator('section[data-version="1"]').waitFor();
    await expect(chair.locator("section[data-version]").count()).resolves.toBe(1);
    const decision: Decision = {
      number: "5/13",
      date: "2026-12-09",
      commission: team,
      reason: "The daytime turnout was miscopied from the report at 18:00",
    };
    await expect(chair.getByLabel("Commission that took the decision").inputValue()).resolves.toBe(team);
    await chair.getByLabel("Number of the decision").fill(decision.number);
    await chair.getByLabel("Date of the decision").fill(decision.date);
    await chair.getByLabel("Reason", { exact: true }).fill(decision.reason);
    await chair.getByRole("button", { name: "Open the correction" }).click();
    await chair.getByText("The correction is opened: the protocol is to be typed twice again.").waitFor();
    const underWay = chair.locator("section.correction-under-way");
    await underWay.getByRole("heading", { name: "Correction under way" }).waitFor();
    await expect(underWay.textContent()).resolves.toContain(decision.number);

    // Both typists type the protocol again, with the daytime turnout 7 lower.
    const daytime = values["turnout_reported_during_day"] ?? 0;
    const corrected = { ...values, turnout_reported_during_day: daytime - 7 };
    await openRowAction(first, protocol, "Type the first entry");
    await first.getByRole("heading", { name: `Protocol ${protocol} · entry 1` }).waitFor();
    await typeForm(first, corrected);
    await finish(first);
    await openRowAction(second, protocol, "Type the second entry");
    await second.getByRole("heading", { name: `Protocol ${protocol} · entry 2` }).waitFor();
    await typeForm(second, corrected);
    await finish(second);

    // The chair sees the one line that changes against the version in force, and approves.
    await chair.reload();
    const pending = chair.locator("section.pending");
    await pending
      .getByRole("heading", { name: "Awaiting approval: the corrected figures against the version in force" })
      .waitFor();
    await pending.getByText("Lines that change: 1.").waitFor();
    const change = pending.locator("table.changes tbody tr");
    await expect(change.count()).resolves.toBe(1);
    await expect(change.first().getAttribute("data-key")).resolves.toBe("turnout_reported_during_day");
    await expect(change.first().textContent()).resolves.toContain(
      `${english.format(daytime)}→ ${english.format(daytime - 7)}`,
    );
    expect(await axeViolations(chair)).toEqual([]);
    await screenshots(chair, "server-08-correction-pending");
    await pending.getByRole("button", { name: "Approve" }).click();
    await chair.getByText(`Protocol ${protocol} is approved.`).waitFor();
    await expect.poll(() => chair.locator("section[data-version]").count()).toBe(2);
    const newer = chair.locator('section[data-version="2"]');
    await expect(newer.getByRole("heading").first().textContent()).resolves.toBe("Version 2 in force");
    await expect(newer.textContent()).resolves.toContain(decision.reason);
    const changes = newer.locator("table.changes tbody tr");
    await expect(changes.count()).resolves.toBe(1);
    await expect(changes.first().getAttribute("data-key")).resolves.toBe("turnout_reported_during_day");
    await expect(chair.locator("section.correction-under-way").count()).resolves.toBe(0);
    expect(await axeViolations(chair)).toEqual([]);
    await screenshots(chair, "server-09-corrected");

    const history = await apiOk<Versions>(chair, "GET", `/protocols/${protocol}/versions`);
    expect(history.versions.map((version) => version.number)).toEqual([1, 2]);
    expect(history.versions[1]?.decision).toEqual(decision);
    expect(history.versions[1]?.changed).toEqual(["turnout_reported_during_day"]);
    expect(history.correction).toBeNull();

    // The national result: the same but for the daytime turnout, 7 lower.
    const [header, row] = csvTable(before);
    const [headerAfter, rowAfter] = csvTable(nationalResult(server.store));
    expect(headerAfter).toEqual(header);
    header.forEach((column, index) => {
      const was = row[index] ?? "";
      const now = rowAfter[index] ?? "";
      if (column === "turnout_reported_during_day") expect(Number(now)).toBe(Number(was) - 7);
      else expect([column, now]).toEqual([column, was]);
    });
    for (const page of [first, second, chair]) await page.context().close();
  });
});

// The header and the one row of a national CSV result.
function csvTable(text: string): [string[], string[]] {
  const lines = text.trim().split("\n");
  expect(lines).toHaveLength(2);
  return [lines[0]?.split(",") ?? [], lines[1]?.split(",") ?? []];
}
