// The public results portal in Debian's chromium, served by nginx with the shipped rules over a
// snapshot made by the esep binary (global_setup.ts). Every number the tests look for is read
// from the snapshot's own files, never written here.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { launch } from "../browser/browser";
import { checkScreen, current, figure, kResults, kWidths, portal, snapshot, tableRows } from "./helpers";

interface Row {
  unit_id: string;
  unit_name: string;
  contest: string;
  protocols: number;
  expected: number;
  ballot_account: Record<string, number>;
  choices: Array<{ name: string; votes: number }>;
  against_all: number;
  turnout_percent: string;
}
interface ElectionFile {
  title: string;
  synthetic: boolean;
  regions: Array<{ id: string; name: string; file: string; territorial: Array<{ id: string; name: string; file: string; protocols_file: string }> }>;
  districts: Array<{ number: number; file: string }>;
}
interface ProtocolFile {
  protocols: Array<{
    commission_id: string;
    contest: string;
    versions: Array<{ version: number; protocol: Record<string, unknown> & { choice_votes: number[] } }>;
  }>;
}

const election = snapshot<ElectionFile>("election.json");
const national = snapshot<{
  row: Row;
  composition: Array<{ affiliation: string; list_seats: number; district_seats: number; vacant: number; total: number }>;
  list_allocation: { allocation: Array<{ party: string; votes: number; seats: number; admitted: boolean }> };
  districts: Array<{ number: number; winner: string; margin: number }>;
}>("national.json");

interface TurnoutUnit {
  unit_id: string;
  by_time: Array<{ time: string; precincts: number; voters: number; precincts_with_protocol: number; registered: number; percent: string }>;
}
const turnoutFile = snapshot<{ times: string[]; national: TurnoutUnit; regions: TurnoutUnit[]; territorial: TurnoutUnit[] }>("turnout.json");

async function ballotAccountMatches(page: Page, row: Row): Promise<void> {
  const rows = await page.locator('table[data-table="ballot-account"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute("data-key") ?? "", tr.querySelector("td")?.textContent ?? ""]),
  );
  expect(rows.length).toBe(Object.keys(row.ballot_account).length);
  for (const [key, text] of rows) expect(figure(text ?? ""), key).toBe(row.ballot_account[key ?? ""]);
}

// The turnout-by-hour chart and its table equal turnout.json's unit: one row and one point per
// time at which a precinct reported, every figure the file's, and the chart a labelled image.
async function turnoutByHourMatches(page: Page, unit: TurnoutUnit): Promise<void> {
  await page.locator('table[data-table="turnout-by-hour"]').waitFor();
  const reported = unit.by_time.filter((entry) => entry.precincts > 0);
  expect(reported.length).toBeGreaterThan(0);
  const rows = await tableRows(page, "main", "turnout-by-hour");
  expect(rows.map((cells) => [cells[0], figure(cells[1] ?? ""), figure(cells[2] ?? ""), cells[3] === "—" ? null : figure(cells[3] ?? ""), cells[4]])).toEqual(
    reported.map((entry) => [
      entry.time,
      entry.precincts,
      entry.voters,
      entry.precincts_with_protocol > 0 ? entry.registered : null,
      entry.percent === "–" ? "—" : `${entry.percent}%`,
    ]),
  );
  const chart = page.locator('[data-figure="turnout-by-hour"] svg[role="img"]');
  await expect(chart.getAttribute("aria-labelledby")).resolves.toBe("turnout-by-hour-title");
  const points = await chart.locator("g[data-time]").evaluateAll((groups) =>
    groups.map((group) => [group.getAttribute("data-time"), group.querySelector("text.value")?.textContent ?? null]),
  );
  expect(points).toEqual(reported.map((entry) => [entry.time, entry.percent === "–" ? null : `${entry.percent}%`]));
  expect(await chart.locator("circle").count()).toBe(reported.filter((entry) => entry.percent !== "–").length);
  // The chart with its table, on its own, to look at (test-results/, not committed).
  mkdirSync(kResults, { recursive: true });
  await page.locator('[data-figure="turnout-by-hour"]').screenshot({ path: `${kResults}portal-turnout-by-hour-${unit.unit_id}.png` });
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  // bypassCSP only so that axe-core can be injected: nginx's CSP refuses inline scripts.
  const context = await browser.newContext({ viewport: kWidths.desktop, bypassCSP: true, locale: "en-GB" });
  page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
});

// Each test starts in English, whatever the one before chose.
beforeEach(async () => {
  await page.goto(portal.baseUrl);
  await page.evaluate(() => localStorage.setItem("esep.language", "en"));
  await page.reload();
});

afterAll(async () => {
  await browser?.close();
});

describe("nginx with the shipped rules", () => {
  it("caches versions for good and current.json not at all, with the right types, gzip and CSP", async () => {
    const get = (path: string) => fetch(`${portal.baseUrl}${path}`, { headers: { "Accept-Encoding": "gzip" } });
    const currentFile = await get("current.json");
    expect(currentFile.headers.get("cache-control")).toBe("no-cache");
    expect(currentFile.headers.get("content-type")).toMatch(/^application\/json/);
    const nationalFile = await get(`${current.path}national.json`);
    expect(nationalFile.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(nationalFile.headers.get("content-type")).toMatch(/^application\/json/);
    expect(nationalFile.headers.get("content-encoding")).toBe("gzip");
    const csv = await get(`${current.path}downloads/precincts.csv`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(csv.headers.get("content-encoding")).toBe("gzip");
    expect((await get(`${current.path}downloads/protocols.jsonl`)).headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const index = await get("");
    expect(index.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(index.headers.get("content-type")).toMatch(/^text\/html/);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await index.text())?.[1] ?? "";
    const asset = await get(script);
    expect(asset.headers.get("content-type")).toMatch(/^application\/javascript/);
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    expect((await get(".hidden")).status).toBe(404);
  });
});

describe("the national page", () => {
  it("shows the house, the lists, the districts and the regions as the snapshot has them", async () => {
    await page.goto(portal.baseUrl);
    await page.locator("h1").filter({ hasText: election.title }).waitFor();
    await page.locator('table[data-table="composition"]').waitFor();

    // Progress and turnout.
    const row = national.row;
    await expect(page.locator(".summary .progress-count").textContent()).resolves.toBe(
      `${row.protocols.toLocaleString("en-GB")} of ${row.expected.toLocaleString("en-GB")} protocols`,
    );
    await expect(page.locator(".summary .turnout").textContent()).resolves.toContain(`${row.turnout_percent}%`);
    await turnoutByHourMatches(page, turnoutFile.national);

    // The hemicycle: one circle per seat, and its table.
    const seats = national.composition.reduce((sum, entry) => sum + entry.total, 0);
    expect(await page.locator(".hemicycle svg circle").count()).toBe(seats);
    const composition = await tableRows(page, "main", "composition");
    expect(composition.map((cells) => [cells[0], ...cells.slice(1).map(figure)])).toEqual(
      national.composition.map((entry) => [entry.affiliation, entry.list_seats, entry.district_seats, entry.vacant, entry.total]),
    );

    // The lists and the allocation.
    const lists = await tableRows(page, "main", "lists");
    expect(lists.map((cells) => [cells[0], figure(cells[1] ?? "")])).toEqual(
      national.list_allocation.allocation.map((entry) => [entry.party, entry.votes]),
    );
    const allocation = await tableRows(page, "main", "allocation");
    expect(allocation.map((cells) => [cells[0], figure(cells[6] ?? "")])).toEqual(
      national.list_allocation.allocation.filter((entry) => entry.admitted).map((entry) => [entry.party, entry.seats]),
    );

    // The districts: winners and margins.
    const districts = await tableRows(page, "main", "districts");
    expect(districts.map((cells) => [figure((cells[0] ?? "").replace("No.", "")), cells[1], figure(cells[4] ?? "")])).toEqual(
      national.districts.map((district) => [district.number, district.winner, district.margin]),
    );

    // One tile per region, each linking to it.
    expect(await page.locator(".tile-map a").count()).toBe(election.regions.length);
    await checkScreen(page, "01-national");
  });
});

describe("the tile map on a phone", () => {
  it("breaks a region's name only at a space or with a visible hyphen, never mid-word", async () => {
    await page.setViewportSize(kWidths.phone);
    try {
      await page.goto(portal.baseUrl);
      await page.locator(".tile-map a").first().waitFor();
      // Each tile name's lines, found from where its characters' boxes move down a line; a line
      // may end only after a space or at a soft hyphen (which the browser draws as "-").
      const breaks = await page.locator(".tile-name").evaluateAll((names) =>
        names.map((name) => {
          const text = name.firstChild as Text;
          const content = text.data;
          const range = document.createRange();
          const found: string[] = [];
          let top: number | null = null;
          for (let i = 0; i < content.length; i++) {
            range.setStart(text, i);
            range.setEnd(text, i + 1);
            // The character's last drawn box (a letter after a hyphenated break also reports
            // the hyphen's box on the line above; spaces and unbroken soft hyphens draw nothing).
            const box = Array.from(range.getClientRects()).filter((rect) => rect.width > 0).pop();
            if (box === undefined) continue;
            if (top !== null && box.top > top + 2) found.push(content.slice(0, i));
            top = box.top;
          }
          return { name: content.replace(/\u00ad/g, ""), lines: found };
        }),
      );
      expect(breaks.length).toBe(election.regions.length);
      for (const { name, lines } of breaks) {
        for (const before of lines) expect(/[\s\u00ad]$/.test(before), `${name} breaks after "${before}"`).toBe(true);
      }
      // The long names did need a break: at least one tile shows a hyphenated word.
      expect(breaks.some(({ lines }) => lines.some((before) => before.endsWith("\u00ad")))).toBe(true);
      // The whole name stays in each tile's link title.
      const titles = await page.locator(".tile-map a").evaluateAll((links) => links.map((link) => link.getAttribute("title")));
      expect(titles.sort()).toEqual(election.regions.map((region) => region.name).sort());
    } finally {
      await page.setViewportSize(kWidths.desktop);
    }
  });
});

describe("drilling down", () => {
  it("goes from the map to the corrected precinct's protocol, every figure the file's", async () => {
    const { region, territorial, precinct } = portal.corrected;
    const regionEntry = election.regions.find((entry) => entry.id === region);
    const territorialEntry = regionEntry?.territorial.find((entry) => entry.id === territorial);
    if (regionEntry === undefined || territorialEntry === undefined) throw new Error("no such region in the snapshot");

    await page.goto(portal.baseUrl);
    await page.locator(`.tile-map a[title="${regionEntry.name}"]`).click();
    await page.locator("h1", { hasText: regionEntry.name }).waitFor();
    await page.locator('table[data-table="ballot-account"]').waitFor();
    const regionFile = snapshot<{ row: Row }>(regionEntry.file);
    await ballotAccountMatches(page, regionFile.row);
    const regionTurnout = turnoutFile.regions.find((unit) => unit.unit_id === regionEntry.id);
    if (regionTurnout === undefined) throw new Error("the region is not in turnout.json");
    await turnoutByHourMatches(page, regionTurnout);
    await checkScreen(page, "02-region");

    await page.locator('table[data-table="territorial"] a', { hasText: territorialEntry.name }).click();
    await page.locator('table[data-table="precincts"]').waitFor();
    const territorialFile = snapshot<{ row: Row; precincts: Row[] }>(territorialEntry.file);
    await ballotAccountMatches(page, territorialFile.row);
    const listed = await tableRows(page, "main", "precincts");
    const listRows = territorialFile.precincts.filter((entry) => entry.contest === "list");
    expect(listed.map((cells) => figure(cells[1] ?? ""))).toEqual(listRows.map((entry) => entry.ballot_account["voters_on_list"]));
    const territorialTurnout = turnoutFile.territorial.find((unit) => unit.unit_id === territorialEntry.id);
    if (territorialTurnout === undefined) throw new Error("the territorial commission is not in turnout.json");
    await turnoutByHourMatches(page, territorialTurnout);
    await checkScreen(page, "03-territorial");

    await page.locator('table[data-table="precincts"] a', { hasText: precinct }).click();
    await page.locator("section.protocol").first().waitFor();
    const protocols = snapshot<ProtocolFile>(territorialEntry.protocols_file).protocols.filter(
      (protocol) => protocol.commission_id === precinct,
    );
    expect(await page.locator("section.protocol").count()).toBe(protocols.length);
    for (const protocol of protocols) {
      const last = protocol.versions[protocol.versions.length - 1];
      if (last === undefined) throw new Error("a protocol without a version");
      const shown = await page
        .locator(`section.protocol[data-contest="${protocol.contest}"] table[data-table="protocol"] tbody tr`)
        .evaluateAll((rows) => rows.map((row) => [row.getAttribute("data-key") ?? "", row.querySelector("td")?.textContent ?? ""]));
      const expected: Array<[string, number | null]> = [];
      for (const [key, value] of Object.entries(last.protocol)) {
        if (typeof value === "number" && key !== "district") expected.push([key, value]);
        if (key === "turnout_reported_during_day" && value === null) expected.push([key, null]);
      }
      last.protocol.choice_votes.forEach((votes, index) => expected.push([`choice_${index + 1}`, votes]));
      const read = shown.map(([key, text]) => [key, text === "—" ? null : figure(text ?? "")] as [string, number | null]);
      expect(read.sort()).toEqual(expected.sort());
    }
    await checkScreen(page, "04-precinct");
  });

  it("follows the corrected protocol's history from version 1 to 2 and decision 12/45", async () => {
    const { precinct, territorial } = portal.corrected;
    const entry = election.regions.flatMap((region) => region.territorial).find((candidate) => candidate.id === territorial);
    const protocol = snapshot<ProtocolFile>(entry?.protocols_file ?? "").protocols.find(
      (candidate) => candidate.commission_id === precinct && candidate.contest === "list",
    );
    const [first, second] = protocol?.versions ?? [];
    if (first === undefined || second === undefined) throw new Error("the correction is not in the snapshot");

    await page.goto(`${portal.baseUrl}#/precinct/${encodeURIComponent(territorial)}/${encodeURIComponent(precinct)}`);
    const history = page.locator('section.protocol[data-contest="list"] ol.versions > li');
    await history.first().waitFor();
    expect(await history.evaluateAll((items) => items.map((item) => item.getAttribute("data-version")))).toEqual(["2", "1"]);
    const newest = history.first();
    await expect(newest.locator(".decision").textContent()).resolves.toBe(
      "Correction by decision 12/45 of 2023-03-21, commission TEC 0101: arithmetic error",
    );
    const changed = await newest.locator('table[data-table="changes"] tbody tr').evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute("data-key"), ...Array.from(row.querySelectorAll("td")).map((cell) => cell.textContent ?? "")]),
    );
    // What the setup changed, with the figures before and after as the file has them.
    expect(changed.map(([key, before, after]) => [key, figure(before ?? ""), figure(after ?? "")])).toEqual([
      ["choice_1", first.protocol.choice_votes[0], second.protocol.choice_votes[0]],
      ["choice_2", first.protocol.choice_votes[1], second.protocol.choice_votes[1]],
    ]);
    expect((second.protocol.choice_votes[0] ?? 0) - (first.protocol.choice_votes[0] ?? 0)).toBe(-1);
    await expect(history.nth(1).locator(".decision").textContent()).resolves.toBe("The first accepted version.");
  });

  it("shows a district's outcome and its precincts", async () => {
    const district = election.districts[0];
    if (district === undefined) throw new Error("no district");
    const file = snapshot<{ row: Row; outcome: { winner: string; candidates: Array<{ name: string; votes: number }> } }>(district.file);
    await page.goto(`${portal.baseUrl}#/district/${district.number}`);
    await page.locator('table[data-table="candidates"]').waitFor();
    const candidates = await tableRows(page, "main", "candidates");
    expect(candidates.slice(0, -1).map((cells) => [(cells[0] ?? "").replace("★ ", ""), figure(cells[2] ?? "")])).toEqual(
      file.outcome.candidates.map((candidate) => [candidate.name, candidate.votes]),
    );
    await expect(page.locator(".outcome").textContent()).resolves.toContain(file.outcome.winner);
    await ballotAccountMatches(page, file.row);
    expect(await page.locator('table[data-table="precincts"] tbody tr').count()).toBeGreaterThan(0);
    await checkScreen(page, "05-district");
  });
});

describe("languages", () => {
  it("switches labels and number formatting between Kazakh, Russian and English, and remembers", async () => {
    await page.goto(portal.baseUrl);
    await page.locator(".summary").waitFor();
    const voters = national.row.ballot_account["voters_on_list"] ?? 0;
    const grouped = (separator: string) => voters.toLocaleString("en-GB").replace(/,/g, separator);
    const expectations = [
      { button: "Русский", lang: "ru", nav: "Итоги по стране", voters: grouped("\u00a0"), turnout: national.row.turnout_percent.replace(".", ",") + "\u00a0%" },
      { button: "Қазақша", lang: "kk", nav: "Ел бойынша қорытынды", voters: grouped("\u00a0"), turnout: national.row.turnout_percent.replace(".", ",") + "%" },
      { button: "English", lang: "en", nav: "National result", voters: grouped(","), turnout: `${national.row.turnout_percent}%` },
    ];
    for (const expected of expectations) {
      await page.getByRole("button", { name: expected.button }).click();
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe(expected.lang);
      await expect(page.locator("header nav a").first().textContent()).resolves.toBe(expected.nav);
      const turnout = (await page.locator(".summary .turnout").textContent()) ?? "";
      expect(turnout).toContain(expected.voters);
      expect(turnout).toContain(expected.turnout);
      // The turnout by hour's percents in the language's way too.
      const last = turnoutFile.national.by_time.filter((entry) => entry.percent !== "–").pop();
      if (last !== undefined) {
        const separator = expected.lang === "en" ? "." : ",";
        const suffix = expected.lang === "ru" ? "\u00a0%" : "%";
        await expect(page.locator(`table[data-table="turnout-by-hour"] tr[data-time="${last.time}"] td`).last().textContent()).resolves.toBe(
          last.percent.replace(".", separator) + suffix,
        );
      }
      if (expected.lang === "ru") await checkScreen(page, "06-national-ru");
      if (expected.lang === "kk") {
        await page.goto(`${portal.baseUrl}#/integrity`);
        await page.locator('table[data-table="audit"]').waitFor();
        await checkScreen(page, "07-integrity-kk");
        await page.goto(portal.baseUrl);
        await page.locator(".summary").waitFor();
      }
    }
    await page.getByRole("button", { name: "Русский" }).click();
    await page.reload();
    await expect(page.locator("header nav a").first().textContent()).resolves.toBe("Итоги по стране");
    await page.getByRole("button", { name: "English" }).click();
  });
});

describe("the integrity page", () => {
  it("shows the audit's sections, the verify command, the chain head and working downloads", async () => {
    const audit = snapshot<{ audit: { precinct_suite: { sections: Array<{ id: string; title: string }> } } }>("audit.json");
    const manifest = snapshot<{ chain_head: string; files: Array<{ path: string; bytes: number }> }>("manifest.json");
    await page.goto(`${portal.baseUrl}#/integrity`);
    await page.locator('table[data-table="audit"]').waitFor();
    const sections = await tableRows(page, "main", "audit");
    expect(sections.map((cells) => cells[0])).toEqual(audit.audit.precinct_suite.sections.map((section) => section.title));
    for (const cells of sections) expect(cells[3]?.length ?? 0).toBeGreaterThan(40); // a reading guide each
    await expect(page.locator("pre.command").textContent()).resolves.toBe(
      `esep verify --snapshot ${current.path.replace(/\/$/, "")} --public-key cec.key.pub`,
    );
    await expect(page.locator("[data-testid=chain-head]").textContent()).resolves.toBe(manifest.chain_head);
    const links = await page.locator('table[data-table="downloads"] a').evaluateAll((anchors) =>
      anchors.map((anchor) => (anchor as HTMLAnchorElement).href),
    );
    const downloads = manifest.files.filter((file) => file.path.startsWith("downloads/"));
    expect(links.length).toBe(downloads.length + 1);
    for (const link of links) expect((await fetch(link, { method: "HEAD" })).status, link).toBe(200);
    await checkScreen(page, "08-integrity");
  });
});

describe("the integrity page's figures", () => {
  type Section = Record<string, unknown> & { id: string; available: boolean };
  const audit = snapshot<{ audit: { precinct_suite: { sections: Section[] } } }>("audit.json");
  const sections = audit.audit.precinct_suite.sections;
  // A member of a section by a dotted path ("result.last_digit.0.observed").
  const at = (section: Section, path: string): unknown =>
    path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], section);

  it("draws a figure for each section with binned data, each with a table equal to audit.json", async () => {
    await page.goto(`${portal.baseUrl}#/integrity`);
    await page.locator("[data-section-figures]").first().waitFor();
    // The sections whose JSON carries bins are drawn; a figure is a named image.
    const expectedFigures: Record<string, string[]> = {
      additions: ["histogram_percent_bins"],
      mobile: ["histogram_percent_bins"],
      integer_percentages: ["result.turnout.observed_per_mille_bins", "result.leader_share.observed_per_mille_bins"],
      klimek: ["result.counts", "result.turnout_marginal.precincts", "result.share_marginal.precincts"],
    };
    let checked = 0;
    for (const section of sections) {
      const scope = page.locator(`[data-section-figures="${section.id}"]`);
      const sources = await scope.locator('table[data-table="figure"]').evaluateAll((tables) =>
        tables.map((table) => [table.getAttribute("data-source") ?? "", table.getAttribute("data-expected") ?? ""]),
      );
      if (!section.available) {
        expect(sources, section.id).toEqual([]);
        continue;
      }
      for (const source of expectedFigures[section.id] ?? []) expect(sources.map(([name]) => name), section.id).toContain(source);
      if (section.id === "digits") {
        const tests = at(section, "result.last_digit") as unknown[];
        expect(sources.length, "one last-digit figure per test").toBe(tests.length);
      }
      const images = await scope.locator('figure svg[role="img"]').evaluateAll((svgs) =>
        svgs.map((svg) => document.getElementById(svg.getAttribute("aria-labelledby") ?? "")?.textContent ?? ""),
      );
      expect(images.length, section.id).toBeGreaterThanOrEqual(sources.length);
      for (const name of images) expect(name.length, `${section.id}: a figure's name`).toBeGreaterThan(5);
      for (const [source, expected] of sources) {
        const values = at(section, source ?? "") as number[];
        const expectations = expected === "" ? null : (at(section, expected ?? "") as number[]);
        const rows = await scope.locator(`table[data-source="${source}"] tbody tr`).evaluateAll((trs) =>
          trs.map((tr) => [tr.getAttribute("data-bin") ?? "", ...Array.from(tr.querySelectorAll("td")).map((td) => (td.textContent ?? "").trim())]),
        );
        // Every bin that holds something has its row, and every row's figure is the file's.
        const shown = new Set(rows.map((row) => Number(row[0])));
        values.forEach((value, bin) => {
          if (value > 0) expect(shown.has(bin), `${section.id} ${source}[${bin}] has a row`).toBe(true);
        });
        for (const [bin, count, expectedText] of rows) {
          expect(figure(count ?? ""), `${section.id} ${source}[${bin}]`).toBe(values[Number(bin)]);
          if (expectations !== null) expect(figure(expectedText ?? "")).toBeCloseTo(expectations[Number(bin)] ?? NaN, 2);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    // A section without bins says so rather than drawing anything.
    for (const section of sections.filter((entry) => entry.available && expectedFigures[entry.id] === undefined && entry.id !== "digits")) {
      await expect(page.locator(`[data-section-figures="${section.id}"] [data-missing]`).count()).resolves.toBe(1);
    }
  });

  it("links each flagged precinct to its precinct page", async () => {
    const additions = sections.find((section) => section.id === "additions");
    const high = (additions?.["high"] ?? []) as Array<{ precinct: string; group: string }>;
    // The fixture raises three precincts' additions (global_setup.ts): the section lists them.
    expect(high.length).toBe(3);
    expect(additions?.["flagged"]).toBe(true);
    for (const entry of high) {
      await page.goto(`${portal.baseUrl}#/integrity`);
      const link = page.locator('[data-flagged="additions"] a', { hasText: entry.precinct });
      await link.click();
      await page.locator("h1", { hasText: entry.precinct }).waitFor();
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/precinct/${entry.group}/${entry.precinct}`);
      // The precinct's protocols are the ones of the file election.json names for its commission.
      const territorial = election.regions.flatMap((region) => region.territorial).find((entry2) => entry2.id === entry.group);
      const protocols = snapshot<ProtocolFile>(territorial?.protocols_file ?? "?");
      expect(protocols.protocols.some((protocol) => protocol.commission_id === entry.precinct)).toBe(true);
      await expect(page.locator('table[data-table="protocol"]').first().isVisible()).resolves.toBe(true);
    }
  });

  it("opens every figure's table and passes axe", async () => {
    await page.goto(`${portal.baseUrl}#/integrity`);
    await page.locator("[data-section-figures]").first().waitFor();
    await checkScreen(page, "10-integrity-figures");
    // With every table open: still no serious violation, still nothing wider than a phone.
    await page.locator("figure details").evaluateAll((all) => all.forEach((details) => details.setAttribute("open", "")));
    await checkScreen(page, "11-integrity-tables-open");
  });
});

describe("a preliminary version", () => {
  it("says how many protocols are in, never rounding to 100 %", async () => {
    // current.json pointed back at version 1 (270 of 300 precincts); it is revalidated on every load.
    const path = join(portal.site, "current.json");
    const saved = readFileSync(path, "utf8");
    const first = JSON.parse(readFileSync(join(portal.site, "v", "1", "manifest.json"), "utf8")) as { status: string };
    writeFileSync(path, JSON.stringify({ ...JSON.parse(saved), version: 1, path: "v/1/", status: first.status }));
    try {
      const v1 = JSON.parse(readFileSync(join(portal.site, "v", "1", "national.json"), "utf8")) as { status: string; row: Row };
      expect(v1.row.protocols).toBeLessThan(v1.row.expected);
      await page.goto(portal.baseUrl);
      await page.reload();
      await page.locator(".summary").waitFor();
      await expect(page.locator(".summary .progress-count").textContent()).resolves.toBe(
        `${v1.row.protocols} of ${v1.row.expected} protocols`,
      );
      const share = Math.round((v1.row.protocols * 1000) / v1.row.expected) / 10;
      await expect(page.locator(".summary .progress-share").textContent()).resolves.toBe(`${share.toFixed(1)}% of the protocols`);
      await expect(page.locator(".summary .status").textContent()).resolves.toContain("Preliminary");
      await checkScreen(page, "09-national-preliminary");
    } finally {
      writeFileSync(path, saved);
    }
  });
});
