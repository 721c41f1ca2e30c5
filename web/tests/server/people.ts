// What the whole-flow tests against a real `esep serve` do as the commission's staff: a person at
// a computer of their own (a browser context) logging in, typing a form with the keyboard,
// finishing an entry; and the API asked from a logged-in page with its session cookie (the
// page's own fetch, so the Origin header is the browser's), to prepare protocols quickly.
import { execFileSync } from "node:child_process";

import type { Browser, Page } from "playwright-core";

import { kFirstPassword } from "./global_setup";

export function ownPassword(login: string): string {
  return `the own password of ${login}`;
}

// The accounts that have chosen their own password, per server.
const chosen = new Set<string>();

// Fills in the login screen shown now and sends it.
export async function logIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel("User name").fill(login);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.keyboard.press("Enter");
}

// A new browser context (a separate person at a separate computer), in English, logged in at
// `baseUrl`; at the account's first login, its own password is chosen. bypassCSP lets axe-core
// be injected: the server's CSP (default-src 'self') refuses any inline script, as it should.
export async function personAt(
  browser: Browser,
  baseUrl: string,
  login: string,
  firstLogin: boolean = !chosen.has(`${baseUrl} ${login}`),
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await context.addInitScript(() => window.localStorage.setItem("esep.language", "en"));
  const page = await context.newPage();
  await page.goto(baseUrl);
  await logIn(page, login, firstLogin ? kFirstPassword : ownPassword(login));
  if (firstLogin) {
    await page.getByRole("heading", { name: "Choose your own password" }).waitFor();
    await page.getByLabel("Current password").fill(kFirstPassword);
    await page.getByLabel("New password", { exact: true }).fill(ownPassword(login));
    await page.getByLabel("Repeat the new password").fill(ownPassword(login));
    await page.keyboard.press("Enter");
    chosen.add(`${baseUrl} ${login}`);
  }
  await page.getByRole("heading", { name: /: progress$/ }).waitFor();
  return page;
}

export async function openRowAction(page: Page, protocol: string, action: string): Promise<void> {
  await page.getByRole("link", { name: "Protocols", exact: true }).click();
  const row = page.locator(`tr[data-protocol="${protocol}"]`);
  await row.waitFor();
  await row.getByRole("link", { name: action }).click();
}

// The keys of the form's lines, in the paper's order. An input's id is "line-" and its key
// with "." written "-" (protocol_form.tsx).
export async function formKeys(page: Page): Promise<string[]> {
  await page.locator("input.figure").first().waitFor();
  return page
    .locator("input.figure")
    .evaluateAll((inputs) => inputs.map((input) => input.id.slice(5).replace(/^choice-/, "choice.")));
}

// Types the given lines of the form with the keyboard only, from the first of them: the figure,
// then Enter. Lines not in `values` are left as they are (Enter alone).
export async function typeLines(page: Page, keys: string[], values: Record<string, number>): Promise<void> {
  const first = keys[0];
  if (first === undefined) return;
  await page.locator(`#line-${first.replace(".", "-")}`).focus();
  for (const key of keys) {
    const value = values[key];
    if (value !== undefined) await page.keyboard.type(String(value));
    await page.keyboard.press("Enter");
  }
}

// Types every line of the form from the top. Lines not in `values` are left blank.
export async function typeForm(page: Page, values: Record<string, number>): Promise<void> {
  await typeLines(page, await formKeys(page), values);
}

export async function finish(page: Page): Promise<void> {
  for (const tick of await page.getByLabel("Checked: the paper protocol says so").all()) await tick.check();
  await page.getByRole("button", { name: "Finish the entry" }).click();
  await page.getByText("The entry is finished.").first().waitFor();
}

export interface Answer {
  status: number;
  json: unknown;
}

// One request to the API from the page, with its session cookie and Origin.
export async function api(
  page: Page,
  method: "GET" | "POST" | "PUT",
  path: string,
  body?: unknown,
  ifMatch?: number,
): Promise<Answer> {
  return page.evaluate(
    async ({ method, path, body, ifMatch }) => {
      const headers: Record<string, string> = { Accept: "application/json" };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      if (ifMatch !== undefined) headers["If-Match"] = `"${ifMatch}"`;
      const init: RequestInit = { method, headers, credentials: "same-origin", cache: "no-store" };
      if (body !== undefined) init.body = JSON.stringify(body);
      const response = await fetch(`/api/v1${path}`, init);
      const text = await response.text();
      return { status: response.status, json: text === "" ? null : (JSON.parse(text) as unknown) };
    },
    { method, path, body, ifMatch },
  );
}

// The same, expecting a 200: the answer's JSON.
export async function apiOk<T>(
  page: Page,
  method: "GET" | "POST" | "PUT",
  path: string,
  body?: unknown,
  ifMatch?: number,
): Promise<T> {
  const answer = await api(page, method, path, body, ifMatch);
  if (answer.status !== 200) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  return answer.json as T;
}

interface Standing {
  protocol: string;
  status: string;
  version: number;
}

// One entry of a protocol through the API as its typist: claim, save the figures, finalise
// (acknowledging the daytime-turnout warning KZ-09 when the figures fail it). Returns the
// protocol's version afterwards.
export async function enterByApi(
  typist: Page,
  protocol: string,
  entry: 1 | 2,
  version: number,
  values: Record<string, number>,
): Promise<number> {
  const path = `/protocols/${protocol}/entries/${entry}`;
  let standing = await apiOk<Standing>(typist, "POST", `${path}/claim`, undefined, version);
  standing = await apiOk<Standing>(typist, "PUT", path, { values }, standing.version);
  const issued = (values["ballots_issued_premises"] ?? 0) + (values["ballots_issued_mobile"] ?? 0);
  const warnings = (values["turnout_reported_during_day"] ?? 0) > issued ? ["KZ-09"] : [];
  standing = await apiOk<Standing>(
    typist,
    "POST",
    `${path}/finalise`,
    { acknowledged_warnings: warnings },
    standing.version,
  );
  return standing.version;
}

// A precinct protocol taken through both entries and the chair's approval through the API.
export async function approveByApi(
  first: Page,
  second: Page,
  chair: Page,
  protocol: string,
  values: Record<string, number>,
): Promise<void> {
  const start = await apiOk<Standing>(first, "GET", `/protocols/${protocol}/versions`);
  let version = await enterByApi(first, protocol, 1, start.version, values);
  version = await enterByApi(second, protocol, 2, version, values);
  const approved = await apiOk<Standing>(chair, "POST", `/protocols/${protocol}/approve`, undefined, version);
  if (approved.status !== "approved") throw new Error(`${protocol} is ${approved.status}, not approved`);
}

// `esep report` of a store: the national result as CSV.
export function nationalResult(esep: string, store: string): string {
  return execFileSync(esep, ["report", "--db", store, "--level", "national", "--format", "csv"]).toString();
}

// The input's figure as a number ("335,589" in English → 335589); null when blank.
export function figureOf(text: string): number | null {
  const digits = text.replace(/[^0-9]/g, "");
  return digits === "" ? null : Number(digits);
}
