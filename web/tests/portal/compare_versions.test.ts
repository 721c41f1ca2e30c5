// The comparison of a precinct's protocols with an earlier publication (docs/portal.md), in
// Debian's chromium against nginx over the fixture's two versions (global_setup.ts): version 1
// preliminary without the last 30 precincts, version 2 final with the correction 12/45 of the
// first protocol. Every figure the comparison shows is checked against the two versions' files.
import { renameSync } from "node:fs";
import { join } from "node:path";

import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { kBallotAccountKeys } from "../../src/portal/snapshot";
import { launch } from "../browser/browser";
import { checkScreen, current, figure, portal, versionFile } from "./helpers";

interface ElectionFile {
  regions: Array<{ territorial: Array<{ id: string; protocols_file: string }> }>;
}
interface ProtocolFigures extends Record<string, unknown> {
  choice_votes: number[];
}
interface ProtocolFile {
  protocols: Array<{ commission_id: string; contest: string; versions: Array<{ version: number; protocol: ProtocolFigures }> }>;
}

// The protocols of territorial commission `territorial` in version `version`, from the files.
function protocolsIn(version: number, territorial: string): ProtocolFile["protocols"] {
  const entry = versionFile<ElectionFile>(version, "election.json")
    .regions.flatMap((region) => region.territorial)
    .find((candidate) => candidate.id === territorial);
  return entry === undefined ? [] : versionFile<ProtocolFile>(version, entry.protocols_file).protocols;
}

// Every line of a protocol version as the page keys it, with its figure (null when not filled).
function linesOf(protocol: ProtocolFigures, choices: number): Map<string, number | null> {
  const lines = new Map<string, number | null>();
  for (const key of kBallotAccountKeys) lines.set(key, typeof protocol[key] === "number" ? (protocol[key] as number) : null);
  for (let index = 0; index < choices; index++) lines.set(`choice_${index + 1}`, protocol.choice_votes[index] ?? null);
  lines.set("against_all", protocol["against_all"] as number);
  lines.set("turnout_reported_during_day", (protocol["turnout_reported_during_day"] as number | null | undefined) ?? null);
  return lines;
}

const precinctLink = (territorial: string, precinct: string) =>
  `${portal.baseUrl}#/precinct/${encodeURIComponent(territorial)}/${encodeURIComponent(precinct)}`;

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  // bypassCSP only so that axe-core can be injected: nginx's CSP refuses inline scripts.
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: "en-GB" });
  page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  await page.goto(portal.baseUrl);
  await page.evaluate(() => localStorage.setItem("esep.language", "en"));
});

afterAll(async () => {
  await browser?.close();
});

describe("comparing a precinct with an earlier publication", () => {
  it("is there: the fixture has two versions", () => {
    expect(current.version).toBe(2);
  });

  it("puts every figure of version 1 beside version 2, marks the corrected lines and says what changed", async () => {
    const { precinct, territorial } = portal.corrected;
    const earlier = protocolsIn(1, territorial).filter((protocol) => protocol.commission_id === precinct);
    const now = protocolsIn(2, territorial).filter((protocol) => protocol.commission_id === precinct);
    expect(now.length).toBeGreaterThan(0);
    const manifest = versionFile<{ published_at: string; status: string }>(1, "manifest.json");

    await page.goto(precinctLink(territorial, precinct));
    // With the keyboard: the link opens the comparison and the selector takes the focus.
    const open = page.getByRole("link", { name: "Compare with an earlier publication" });
    await open.focus();
    await page.keyboard.press("Enter");
    const select = page.getByLabel("Earlier publication", { exact: true });
    await select.waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("compare-version");
    // One earlier version, labelled with its manifest's time and status.
    const options = await select.locator("option").evaluateAll((all) => all.map((option) => option.textContent));
    const status = manifest.status === "final" ? "Final" : "Preliminary";
    expect(options).toEqual([
      "— choose a version —",
      `version 1, published ${manifest.published_at.replace("T", " ").replace("Z", "")} UTC (${status})`,
    ]);
    await page.keyboard.press("ArrowDown");
    // The chosen version is in the link, to share.
    await page.waitForURL((url) => decodeURIComponent(url.hash) === `#/precinct/${territorial}/${precinct}/compare/1`);
    await page.locator('table[data-table="compare"]').first().waitFor();

    for (const protocol of now) {
      const then = earlier.find((candidate) => candidate.contest === protocol.contest);
      const last = protocol.versions[protocol.versions.length - 1];
      const thenLast = then?.versions[then.versions.length - 1];
      if (last === undefined || thenLast === undefined) throw new Error(`${protocol.contest} is not in both versions`);
      const choices = Math.max(last.protocol.choice_votes.length, thenLast.protocol.choice_votes.length);
      const before = linesOf(thenLast.protocol, choices);
      const after = linesOf(last.protocol, choices);
      const scope = page.locator(`section.compared[data-contest="${protocol.contest}"]`);
      const rows = await scope.locator('table[data-table="compare"] tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          key: tr.getAttribute("data-key") ?? "",
          changed: tr.getAttribute("data-changed"),
          marked: (tr.querySelector("th")?.textContent ?? "").startsWith("≠"),
          cells: Array.from(tr.querySelectorAll("td")).map((td) => (td.textContent ?? "").trim()),
        })),
      );
      const value = (text: string | undefined) => (text === "—" ? null : figure(text ?? ""));
      // Every line of both files, each figure the file's, and marked exactly when it differs.
      expect(rows.map((row) => row.key).sort()).toEqual([...after.keys()].sort());
      for (const row of rows) {
        const was = before.get(row.key) ?? null;
        const is = after.get(row.key) ?? null;
        expect([value(row.cells[0]), value(row.cells[1])], `${protocol.contest} ${row.key}`).toEqual([was, is]);
        expect(row.changed, row.key).toBe(was !== is ? "true" : "false");
        expect(row.marked, row.key).toBe(was !== is);
        if (was !== null && is !== null && was !== is) {
          expect(row.cells[2], row.key).toBe(is > was ? `+${is - was}` : `\u2212${was - is}`);
        }
      }
      const changed = rows.filter((row) => row.changed === "true").map((row) => row.key);
      const summary = scope.locator(".compare-summary");
      if (protocol.contest === "list") {
        // The correction 12/45: one vote from list 1 to list 2, and nothing else.
        expect(changed).toEqual(["choice_1", "choice_2"]);
        await expect(summary.getAttribute("data-outcome")).resolves.toBe("changed");
        const text = (await summary.textContent()) ?? "";
        expect(text).toMatch(/^Changed between version 1 and the current version 2: /);
        for (const key of changed) {
          const was = (before.get(key) ?? 0).toLocaleString("en-GB");
          const is = (after.get(key) ?? 0).toLocaleString("en-GB");
          expect(text).toContain(`(${was} → ${is})`);
        }
        await expect(scope.locator(".note").textContent()).resolves.toBe(
          `The protocol was in its version ${thenLast.version} in that publication and is in its version ${last.version} now.`,
        );
      } else {
        expect(changed).toEqual([]);
        await expect(summary.textContent()).resolves.toBe(
          "No change: every figure is the same in version 1 and in the current version 2.",
        );
      }
    }
    await checkScreen(page, "12-precinct-compare");
  });

  it("says a protocol that came late was not yet published in version 1, from the shared link", async () => {
    // A precinct whose protocols are in version 2 only (the fixture's last 30 came late).
    const late = findLatePrecinct();
    if (late === undefined) throw new Error("the fixture has no late precinct");
    await page.goto(`${precinctLink(late.territorial, late.precinct)}/compare/1`);
    await page.locator("section.compared").first().waitFor();
    const outcomes = await page.locator(".compare-summary").evaluateAll((all) =>
      all.map((summary) => [summary.getAttribute("data-outcome"), summary.textContent]),
    );
    expect(outcomes.length).toBe(late.contests);
    for (const outcome of outcomes) expect(outcome).toEqual(["absent", "This protocol was not yet published in version 1."]);
    expect(await page.locator('table[data-table="compare"]').count()).toBe(0);
    await expect(page.getByLabel("Earlier publication", { exact: true }).inputValue()).resolves.toBe("1");
    await checkScreen(page, "13-precinct-compare-late");
  });

  it("speaks Russian and Kazakh, with their number formats", async () => {
    const { precinct, territorial } = portal.corrected;
    const [was, is] = [1, 2].map(
      (version) =>
        protocolsIn(version, territorial)
          .find((protocol) => protocol.commission_id === precinct && protocol.contest === "list")
          ?.versions.at(-1)?.protocol.choice_votes[0] ?? NaN,
    ) as [number, number];
    const grouped = (value: number) => value.toLocaleString("en-GB").replace(/,/g, "\u00a0");
    await page.goto(`${precinctLink(territorial, precinct)}/compare/1`);
    await page.locator('table[data-table="compare"]').first().waitFor();
    const expectations = [
      { button: "Русский", label: "Более ранняя публикация", change: `(было ${grouped(was)}, стало ${grouped(is)})` },
      { button: "Қазақша", label: "Бұрынғы жарияланым", change: `(бұрын ${grouped(was)}, қазір ${grouped(is)})` },
    ];
    try {
      for (const expected of expectations) {
        await page.getByRole("button", { name: expected.button }).click();
        await expect(page.locator('label[for="compare-version"]').textContent()).resolves.toBe(expected.label);
        await expect(page.locator('section.compared[data-contest="list"] .compare-summary').textContent()).resolves.toContain(expected.change);
      }
      await checkScreen(page, "15-precinct-compare-kk");
    } finally {
      await page.getByRole("button", { name: "English" }).click();
    }
  });

  it("says plainly that a version pruned from the server cannot be compared", async () => {
    const { precinct, territorial } = portal.corrected;
    // Version 1 removed from the server (nginx refuses dot names: 404), read with an empty cache.
    const versionDirectory = join(portal.site, "v", "1");
    const hidden = join(portal.site, "v", ".1-pruned-by-test");
    renameSync(versionDirectory, hidden);
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: "en-GB" });
    try {
      const other = await fresh.newPage();
      await other.goto(`${precinctLink(territorial, precinct)}/compare/1`);
      const missing = other.locator('[data-outcome="missing"]');
      await missing.waitFor();
      await expect(missing.textContent()).resolves.toBe(
        "Version 1 is no longer on the server (older versions may be removed to save space), so it cannot be compared. Choose another version.",
      );
      const option = other.locator('#compare-version option[value="1"]');
      await expect(option.textContent()).resolves.toBe("version 1: no longer on the server");
      await expect(option.isDisabled()).resolves.toBe(true);
      // Not an error page: the precinct's own protocols are still there, and no alert.
      expect(await other.locator('table[data-table="protocol"]').count()).toBeGreaterThan(0);
      expect(await other.locator('[role="alert"]').count()).toBe(0);
    } finally {
      await fresh.close();
      renameSync(hidden, versionDirectory);
    }
  });
});

describe("comparing the national result with an earlier publication", () => {
  interface NationalFile {
    row: { protocols: number; ballot_account: Record<string, number>; choices: Array<{ name: string; votes: number }>; against_all: number; turnout_percent: string };
    list_allocation: { allocation: Array<{ party: string; votes: number; percent: string; admitted: boolean; seats: number }> } | null;
  }
  // Each line as the page keys it (compare_national.ts), with the text it must show.
  function linesOfNational(file: NationalFile): Map<string, string> {
    const lines = new Map<string, string>();
    const number = (value: number) => value.toLocaleString("en-GB");
    lines.set("protocols", number(file.row.protocols));
    for (const key of kBallotAccountKeys) lines.set(key, number(file.row.ballot_account[key] ?? NaN));
    for (const choice of file.row.choices) lines.set(`choice:${choice.name}`, number(choice.votes));
    lines.set("against_all", number(file.row.against_all));
    lines.set("turnout", `${file.row.turnout_percent}%`);
    for (const entry of file.list_allocation?.allocation ?? []) {
      lines.set(`votes:${entry.party}`, number(entry.votes));
      lines.set(`percent:${entry.party}`, `${entry.percent}%`);
      lines.set(`admitted:${entry.party}`, entry.admitted ? "✓ passes" : "✕ below the threshold");
      lines.set(`seats:${entry.party}`, number(entry.seats));
    }
    return lines;
  }

  it("puts the party-list row and the seat allocation of version 1 beside version 2, every figure the files'", async () => {
    const before = linesOfNational(versionFile<NationalFile>(1, "national.json"));
    const after = linesOfNational(versionFile<NationalFile>(2, "national.json"));
    await page.goto(portal.baseUrl);
    await page.getByRole("link", { name: "Compare with an earlier publication" }).click();
    await page.getByLabel("Earlier publication", { exact: true }).selectOption("1");
    await page.waitForURL((url) => url.hash === "#/compare/1");
    await page.locator('table[data-table="compare-allocation"]').waitFor();
    const rows = await page.locator('table[data-table^="compare-"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        key: tr.getAttribute("data-key") ?? "",
        changed: tr.getAttribute("data-changed"),
        cells: Array.from(tr.querySelectorAll("td")).map((td) => (td.textContent ?? "").trim()),
      })),
    );
    expect(rows.map((row) => row.key).sort()).toEqual([...new Set([...before.keys(), ...after.keys()])].sort());
    let changed = 0;
    for (const row of rows) {
      const was = before.get(row.key) ?? "—";
      const is = after.get(row.key) ?? "—";
      expect([row.cells[0], row.cells[1]], row.key).toEqual([was, is]);
      expect(row.changed, row.key).toBe(was !== is ? "true" : "false");
      if (was !== is) changed++;
    }
    // The fixture's version 1 lacks 30 precincts: the national figures did change.
    expect(changed).toBeGreaterThan(0);
    await expect(page.locator(".compare-summary").textContent()).resolves.toMatch(
      new RegExp(`^Between version 1 and the current version 2, ${changed} of ${rows.length} figures changed; seats: `),
    );
    await checkScreen(page, "14-national-compare");
  });
});

// The first precinct with protocols in version 2 and none in version 1, with its commission and
// how many protocols it has.
function findLatePrecinct(): { territorial: string; precinct: string; contests: number } | undefined {
  const election = versionFile<ElectionFile>(2, "election.json");
  for (const entry of election.regions.flatMap((region) => region.territorial)) {
    const before = new Set(protocolsIn(1, entry.id).map((protocol) => protocol.commission_id));
    const late = protocolsIn(2, entry.id).filter((protocol) => protocol.commission_id.startsWith("PEC") && !before.has(protocol.commission_id));
    const first = late[0];
    if (first !== undefined) {
      return { territorial: entry.id, precinct: first.commission_id, contests: late.filter((protocol) => protocol.commission_id === first.commission_id).length };
    }
  }
  return undefined;
}
