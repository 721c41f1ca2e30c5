// Debian's chromium under playwright-core (Playwright cannot download its own browser here),
// axe-core injected into the page, and screenshots into web/test-results/.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { chromium, type Browser, type Page } from "playwright-core";

import { kPreviewPort } from "./global_setup";

export const kBaseUrl = `http://127.0.0.1:${kPreviewPort}/`;
const kResults = fileURLToPath(new URL("../../test-results/", import.meta.url));
const kAxePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export const kViewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env["CHROMIUM"] ?? "/usr/bin/chromium",
    // The sandbox needs user namespaces, which containers and root lack.
    args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
  });
}

// Screenshots of the page as it is, at both widths (full page), named `<name>-<width>.png`.
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(kResults, { recursive: true });
  const original = page.viewportSize();
  for (const [width, size] of Object.entries(kViewports)) {
    await page.setViewportSize(size);
    // From the top, so sticky bars sit where a reader first sees them.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(50);
    await page.screenshot({ path: `${kResults}${name}-${width}.png`, fullPage: true });
  }
  if (original !== null) await page.setViewportSize(original);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

// The serious and critical violations axe-core finds on the page as it is now.
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: kAxePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}
