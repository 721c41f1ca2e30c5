// What the portal's browser test files share (portal.test.ts, compare.test.ts): the fixture, the
// snapshot's files read as the portal reads them, figures read back from the page, and the checks
// of every screen (axe, the SYNTHETIC label, screenshots at desktop and phone width, nothing
// wider than a phone).
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Page } from "playwright-core";
import { expect, inject } from "vitest";

import { kCatalogues, type Language } from "../../src/portal/i18n";
import { axeViolations } from "../browser/browser";

export const portal = inject("portal");
export const kResults = fileURLToPath(new URL("../../test-results/", import.meta.url));
export const kWidths = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const;

// The snapshot's files, read as the portal reads them: current.json, then v/N/ + listed names.
export const current = JSON.parse(readFileSync(join(portal.site, "current.json"), "utf8")) as { version: number; path: string };
export const snapshot = <T>(name: string): T => JSON.parse(readFileSync(join(portal.site, current.path, name), "utf8")) as T;
// A file of the version `version` (an earlier publication), as the server has it.
export const versionFile = <T>(version: number, name: string): T =>
  JSON.parse(readFileSync(join(portal.site, "v", String(version), name), "utf8")) as T;

const synthetic = snapshot<{ synthetic: boolean }>("election.json").synthetic;

// A figure as shown ("12 035 578", "12,035,578") read back as a number.
export const figure = (text: string) => Number(text.replace(/[\s\u00a0,]/g, ""));

export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(kResults, { recursive: true });
  for (const [width, size] of Object.entries(kWidths)) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(50);
    await page.screenshot({ path: `${kResults}portal-${name}-${width}.png`, fullPage: true });
    if (width === "phone") {
      // Nothing sticks out sideways at phone width (tables scroll inside their own box).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} is wider than the phone`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize(kWidths.desktop);
}

export async function checkScreen(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`), `axe on ${name}`).toEqual([]);
  // SYNTHETIC on every page, in the page's language.
  const lang = (await page.locator("html").getAttribute("lang")) as Language;
  if (synthetic) await expect(page.locator(".synthetic").textContent()).resolves.toBe(kCatalogues[lang]["app.synthetic"]);
  await shoot(page, name);
}

// The rows of the table marked data-table=`table` inside `scope`, as [header cell, other cells].
export async function tableRows(page: Page, scope: string, table: string): Promise<string[][]> {
  return page.locator(`${scope} table[data-table="${table}"] tbody tr`).evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll("th, td")).map((cell) => (cell.textContent ?? "").trim())),
  );
}
