// Whole flows in a real browser against the built application, the API mocked: log in with the
// forced password change, type a protocol with the keyboard only, see a ratio error appear and
// block finishing, acknowledge a warning, finish; switch the language; a stale save (412). axe-core
// checks every screen; screenshots of every screen at desktop and phone widths go to
// web/test-results/.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";

import { axeViolations, kBaseUrl, kViewports, launch, screenshots } from "./browser";
import {
  kCorrectionDecision,
  kFirstPassword,
  kNewPassword,
  kSummaryProtocol,
  kTinyPng,
  kUser,
  mockApi,
  newState,
  type MockState,
} from "./mock_api";
import { kzConsistentValues, kzListForm } from "../fixtures/kz_form";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let state: MockState;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  context = await browser.newContext({ locale: "kk-KZ", viewport: kViewports.desktop });
  page = await context.newPage();
  state = newState();
  await mockApi(page, state);
});
afterEach(async () => {
  await context.close();
});

// A list rendered from an answer appears after its screen's heading: the count is polled.
async function expectCount(locator: Locator, count: number): Promise<void> {
  await expect.poll(() => locator.count(), { timeout: 10_000 }).toBe(count);
}

// At the page's current width, nothing sticks out sideways (a phone user would have to scroll).
async function expectNoSideScroll(): Promise<void> {
  const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scrollWidth).toBeLessThanOrEqual(width ?? 0);
}

// The phone width's screenshots, after checking that nothing sticks out sideways there.
async function phoneFits(): Promise<void> {
  await page.setViewportSize(kViewports.phone);
  await expectNoSideScroll();
  await page.setViewportSize(kViewports.desktop);
}

async function expectAccessible(): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

// Waits until the screen has put the focus on `field` itself (keyboard first): typing before
// that, on a loaded machine, would type into nothing.
async function focusReaches(field: Locator): Promise<void> {
  await field.waitFor();
  await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
}

async function logIn(): Promise<void> {
  await page.goto(kBaseUrl);
  await focusReaches(page.getByLabel("Пайдаланушы аты"));
  await page.keyboard.type(kUser);
  await page.keyboard.press("Tab");
  await page.keyboard.type(kFirstPassword);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Өз құпиясөзіңізді орнатыңыз" }).waitFor();
  await focusReaches(page.getByLabel("Қазіргі құпиясөз"));
  await page.keyboard.type(kFirstPassword);
  await page.keyboard.press("Tab");
  await page.keyboard.type(kNewPassword);
  await page.keyboard.press("Tab");
  await page.keyboard.type(kNewPassword);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "P-1 комиссиясы: енгізу барысы" }).waitFor();
}

// A user whose password is their own already (no forced change), with `role` at `commission`.
async function logInAs(role: MockState["me"]["role"], commission: string): Promise<void> {
  state.me = { ...state.me, role, commission, must_change_password: false };
  await page.goto(kBaseUrl);
  await page.getByLabel("Пайдаланушы аты").fill(kUser);
  await page.getByLabel("Құпиясөз").fill(kNewPassword);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: `${commission} комиссиясы: енгізу барысы` }).waitFor();
}

async function openProtocol(): Promise<void> {
  await page.getByRole("link", { name: "Хаттаманы ашу" }).click();
  await page.getByRole("heading", { name: "Хаттаманы ашу" }).waitFor();
  await focusOn("home-protocol");
  await page.keyboard.type("P-1:list");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "P-1:list хаттамасы · 1-енгізу" }).waitFor();
}

// Types `text` into the focused line and moves on with Enter.
async function typeLine(text: string): Promise<void> {
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

async function focusedId(): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? "");
}

// Waits until the screen has moved the focus to `id` (it does so just after it appears), so that
// what the test types goes there.
async function focusOn(id: string): Promise<void> {
  await page.waitForFunction((wanted) => document.activeElement?.id === wanted, id);
}

describe("the commission app", () => {
  it("logs in, forcing the change of the first password; refuses a wrong password", async () => {
    await page.goto(kBaseUrl);
    await page.getByRole("heading", { name: "Жүйеге кіру" }).waitFor();
    await expectAccessible();
    await screenshots(page, "01-login");

    await page.getByLabel("Пайдаланушы аты").fill(kUser);
    await page.getByLabel("Құпиясөз").fill("wrong");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alert").textContent()).resolves.toContain(
      "Пайдаланушы аты немесе құпиясөз қате.",
    );
    // Nobody was logged in: no session has ended.
    await expectCount(page.getByText("Сеанс аяқталды. Қайта кіріңіз."), 0);
    await screenshots(page, "02-login-failed");

    await page.getByLabel("Құпиясөз").fill(kFirstPassword);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Өз құпиясөзіңізді орнатыңыз" }).waitFor();
    await expectAccessible();
    await screenshots(page, "03-password-change");
    expect(state.me.must_change_password).toBe(true);
  });

  it("types a protocol with the keyboard only: an error blocks, a warning needs a tick, then it finishes", async () => {
    await logIn();
    await page.getByRole("link", { name: "Хаттаманы ашу" }).click();
    await page.getByRole("heading", { name: "Хаттаманы ашу" }).waitFor();
    await expectAccessible();
    await screenshots(page, "04-open-protocol");
    await focusOn("home-protocol");
    await page.keyboard.type("P-1:list");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "P-1:list хаттамасы · 1-енгізу" }).waitFor();
    expect(state.entry.state).toBe("first_entry_in_progress");
    expect(await focusedId()).toBe("line-voters_on_list");

    // Every line in the paper's order; valid ballots one too many, and a daytime turnout
    // above the ballots issued.
    const typed: Record<string, number> = {
      ...kzConsistentValues,
      valid_ballots: 611,
      turnout_reported_during_day: 700,
    };
    for (const line of kzListForm.lines) {
      await typeLine(String(typed[line.key]));
      if (line.key === "valid_ballots") {
        // Announced to screen readers as it happens.
        await expect(page.locator("#ratio-announcer").textContent()).resolves.toContain("KZ-03");
      }
    }
    expect(await focusedId()).toBe(""); // past the last line: the finish button
    await expect(page.locator(":focus").textContent()).resolves.toBe("Енгізуді аяқтау");

    const kz03 = page.locator('[data-ratio="KZ-03"]');
    await expect(kz03.getAttribute("class")).resolves.toContain("ratio-error");
    await expect(kz03.textContent()).resolves.toContain("Қате");
    const kz09 = page.locator('[data-ratio="KZ-09"]');
    await expect(kz09.getAttribute("class")).resolves.toContain("ratio-warning");
    await expectAccessible();
    await screenshots(page, "05-form-error");

    // Shift+Enter from a line: refused, and focus goes to the first error.
    await page.keyboard.press("ArrowUp"); // no-op on the button; go back through the goto box
    await page.keyboard.press("Alt+g");
    expect(await focusedId()).toBe("goto-line");
    await page.keyboard.type("12");
    await page.keyboard.press("Enter");
    expect(await focusedId()).toBe("line-valid_ballots");
    await page.keyboard.press("Shift+Enter");
    await expect(page.locator("#finish-blocked").textContent()).resolves.toContain(
      "Түзетілуі тиіс қателер: 2.",
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-ratio"))).toBe("KZ-03");
    expect(state.finalised).toEqual([]);

    // Correct line 12 (the input selects its text on focus): the errors go away.
    await page.keyboard.press("Alt+g");
    await page.keyboard.type("12");
    await page.keyboard.press("Enter");
    await page.keyboard.type("610");
    await page.keyboard.press("ArrowUp");
    expect(await focusedId()).toBe("line-invalid_ballots");
    await page.keyboard.press("ArrowDown");
    expect(await focusedId()).toBe("line-valid_ballots");
    await expect(kz03.getAttribute("class")).resolves.toContain("ratio-ok");
    await expect(page.locator("#ratio-announcer").textContent()).resolves.toContain("KZ-03");

    // Shift+Enter: the warning is not acknowledged yet; focus goes to its tick.
    await page.keyboard.press("Shift+Enter");
    await expect(page.locator("#finish-blocked").textContent()).resolves.toContain(
      "Тексерілгені белгіленбеген ескертулер: 1.",
    );
    expect(await focusedId()).toBe("ack-KZ-09");
    await page.keyboard.press("Space");
    await expect(page.locator("#ack-KZ-09").isChecked()).resolves.toBe(true);
    await expectAccessible();
    await screenshots(page, "06-form-warning-acknowledged");

    // Back to a line and finish.
    await page.keyboard.press("Alt+g");
    await page.keyboard.type("1");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Enter");
    await page.getByText("Енгізу аяқталды.").first().waitFor();
    await expectAccessible();
    await screenshots(page, "07-form-finished");

    // Saved as typed, each save with the version it last saw; finished with the tick recorded.
    expect(state.saves.length).toBeGreaterThan(0);
    for (const save of state.saves) expect(save.ifMatch).toMatch(/^"\d+"$/);
    expect(state.entry.state).toBe("first_entry_done");
    expect(state.entry.values).toEqual({ ...kzConsistentValues, turnout_reported_during_day: 700 });
    expect(state.entry.acknowledged_warnings).toEqual(["KZ-09"]);
    expect(state.finalised).toHaveLength(1);
    expect(state.finalised[0]?.body).toEqual({ acknowledged_warnings: ["KZ-09"] });
    expect(state.finalised[0]?.ifMatch).toBe(`"${state.entry.version - 1}"`);
  });

  it("keeps blank lines blank and refuses letters", async () => {
    await logIn();
    await openProtocol();
    await typeLine("1000");
    await typeLine(""); // line 2 left blank
    await typeLine("12a");
    await expect(page.locator("#line-ballots_received-error").textContent()).resolves.toContain(
      "0-ден кем емес бүтін санды цифрмен енгізіңіз.",
    );
    await page.waitForFunction(() => document.querySelector(".save-saved") !== null);
    const last = state.saves.at(-1)?.body as { values: Record<string, number | null> };
    expect(last.values["voters_on_list"]).toBe(1000);
    expect(last.values["voters_added_on_day"]).toBeNull();
    expect(last.values["ballots_received"]).toBeNull();
    await expect(page.locator("#line-voters_on_list").inputValue()).resolves.toBe("1\u00a0000");
    await page.keyboard.press("Shift+Enter");
    await expect(page.locator("#finish-blocked").textContent()).resolves.toContain(
      "Енгізілмеген жолдар: 20.",
    );
  });

  it("shows a stale save (412) as a conflict and stops saving", async () => {
    await logIn();
    await openProtocol();
    state.conflictOnNextSave = true;
    await typeLine("1000");
    await page.getByRole("heading", { name: "Бұл енгізу басқа жерде сақталды" }).waitFor();
    await expect(page.locator("#line-voters_added_on_day").getAttribute("readonly")).resolves.not.toBeNull();
    await expectAccessible();
    await screenshots(page, "08-form-conflict");
  });

  it("switches the language at run time and remembers it", async () => {
    await page.goto(kBaseUrl);
    await page.getByRole("heading", { name: "Жүйеге кіру" }).waitFor();
    await page.getByRole("button", { name: "Русский" }).click();
    await page.getByRole("heading", { name: "Вход в систему" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ru");
    await page.reload();
    await page.getByRole("heading", { name: "Вход в систему" }).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    await expect(page.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).resolves.toBe("true");
  });

  it("shows the form in Russian and English", async () => {
    await logIn();
    await openProtocol();
    for (const [button, line] of [
      ["Русский", "Число избирателей, внесенных в список избирателей"],
      ["English", "Number of voters on the voter list"],
    ] as const) {
      await page.getByRole("button", { name: button }).click();
      await page.getByLabel(line).waitFor();
      await expectAccessible();
    }
    await page.getByRole("button", { name: "Русский" }).click();
    await page.getByLabel("Число избирателей, внесенных в список избирателей").focus();
    await typeLine("1000");
    await typeLine("2000");
    await expect(page.locator('[data-ratio="KZ-08"]').textContent()).resolves.toContain("Ошибка");
    await screenshots(page, "09-form-russian");
  });

  it("shows the commission's progress as a bar and as a table of the same figures", async () => {
    await logInAs("coordinator", "T-1");
    const rows = page.locator(".progress-table tbody tr");
    await expectCount(rows, 7);
    // Every count as served, and shares that never round to 0 % or 100 % wrongly.
    await expect(rows.nth(0).textContent()).resolves.toBe("Басталмаған5848 %");
    await expect(rows.nth(4).textContent()).resolves.toBe("Қателері бар11 %");
    await expectCount(page.locator(".progress-bar span"), 7);
    await expectAccessible();
    await screenshots(page, "10-dashboard");
  });

  it("lists 61 protocols (the summary and 60 precincts): filters by status, sorts, jumps to a precinct, approves", async () => {
    await logInAs("chair", "T-1");
    await page.getByRole("link", { name: "Хаттамалар тізімін ашу" }).click();
    await page.getByRole("heading", { name: "T-1 комиссиясының хаттамалары" }).waitFor();
    const body = page.locator("table.protocols tbody tr");
    await expectCount(body, 61);
    await expectAccessible();
    await screenshots(page, "11-protocol-list");

    await page.getByLabel("Күйі", { exact: true }).selectOption("entries_different");
    await expectCount(body, 6);
    await page.getByLabel("Күйі", { exact: true }).selectOption("");

    await page.getByRole("button", { name: "Күйі" }).click();
    await expect(body.first().getAttribute("data-protocol")).resolves.toBe("P-0007:list"); // empty first
    await page.getByRole("button", { name: "Күйі" }).click();
    await expect(body.first().getAttribute("data-protocol")).resolves.toBe("P-0001:list"); // approved first

    await page.getByLabel("Учаскеге өту").fill("43");
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("data-protocol"))).resolves.toBe(
      "P-0043:list",
    );
    await page.getByLabel("Учаскеге өту").fill("999");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("999");

    // P-0003 is definitive: the chair approves it with the version the list showed.
    const row = page.locator('tr[data-protocol="P-0003:list"]');
    await row.getByRole("button", { name: "Бекіту" }).click();
    await page.getByText("P-0003:list хаттамасы бекітілді.").waitFor();
    expect(state.approvals).toEqual([{ protocol: "P-0003:list", ifMatch: '"6"' }]);
    await row.getByText("Бекітілді").waitFor();

    await page.setViewportSize(kViewports.phone);
    await expectNoSideScroll();
    await screenshots(page, "12-protocol-list-phone");
  });

  it("shows both entries side by side, differing lines first, and records the decision", async () => {
    await logInAs("coordinator", "T-1");
    await page.evaluate(() => {
      window.location.hash = "#/protocols/P-0004:list/differences";
    });
    await page.getByRole("heading", { name: "P-0004:list хаттамасы: екі енгізу" }).waitFor();
    const lines = page.locator("table.compare tbody tr");
    await expect(lines.nth(0).getAttribute("class")).resolves.toBe("differs");
    await expect(lines.nth(1).getAttribute("class")).resolves.toBe("differs");
    await expect(lines.nth(2).getAttribute("class")).resolves.toBeNull();
    await expect(lines.nth(1).textContent()).resolves.toContain("бос"); // blank is shown as blank
    await expectAccessible();
    await screenshots(page, "13-resolution");

    await page.getByLabel("Екінші енгізуді сәйкес емес жолдарын тазартып, операторына қайтару").check();
    await page.getByRole("button", { name: "Шешімді жазу" }).click();
    await page.getByRole("status").filter({ hasText: "Шешім жазылды" }).waitFor();
    expect(state.resolutions).toEqual([
      { protocol: "P-0004:list", ifMatch: '"9"', body: { resolution: "return_second" } },
    ]);
  });

  it("shows the audit log newest first and filters it by kind", async () => {
    await logInAs("observer", "T-1");
    await page.getByRole("link", { name: "Аудит журналы" }).click();
    await page.getByRole("heading", { name: "Аудит журналы" }).waitFor();
    const rows = page.locator("table.audit tbody tr");
    await expectCount(rows, 4);
    await expect(rows.first().textContent()).resolves.toContain("Енгізу сақталды");
    await expect(rows.first().textContent()).resolves.toContain("keys: choice.2");
    expect(state.auditQueries).toEqual(["commission=T-1"]);
    await expectAccessible();
    await screenshots(page, "14-audit-log");

    await page.getByLabel("Оқиға").selectOption("login_failed");
    await page.getByRole("button", { name: "Көрсету" }).click();
    await page.getByText("Көрсетілген оқиғалар: 1").waitFor();
    expect(state.auditQueries.at(-1)).toBe("commission=T-1&kind=login_failed");
    await expect(rows.first().textContent()).resolves.toContain("192.0.2.7");
  });

  it("lets an administrator add a user, reset a password and disable an account", async () => {
    await logInAs("administrator", "T-1");
    await page.getByRole("link", { name: "Пайдаланушылар" }).click();
    await page.getByRole("heading", { name: "Пайдаланушылар", exact: true }).waitFor();
    await expectCount(page.locator("table.users tbody tr"), 3);
    await expectAccessible();
    await screenshots(page, "15-users");

    await page.getByLabel("Пайдаланушы аты", { exact: true }).fill("typist-3");
    await page.getByLabel("Толық аты").fill("Yerlan Typist");
    await page.getByLabel("Бірінші құпиясөз").fill("a first password 123");
    await page.getByRole("button", { name: "Қосу", exact: true }).click();
    await page.getByText("typist-3 пайдаланушысы қосылды.", { exact: false }).waitFor();
    expect(state.userChanges[0]).toEqual({
      method: "POST",
      path: "/users",
      ifMatch: null,
      body: { login_name: "typist-3", display_name: "Yerlan Typist", role: "typist", commission: "T-1", password: "a first password 123" },
    });
    await expectCount(page.locator("table.users tbody tr"), 4);

    page.once("dialog", (dialog) => void dialog.accept("another first password"));
    await page.getByRole("button", { name: "Жаңа құпиясөз (typist-1)" }).click();
    await page.getByText("typist-1 жаңа бірінші құпиясөз алды.").waitFor();
    expect(state.userChanges[1]).toEqual({
      method: "PUT",
      path: "/users/u-1",
      ifMatch: '"2"',
      body: { password: "another first password" },
    });

    await page.getByRole("button", { name: "Өшіру (typist-2)" }).click();
    await page.getByText("typist-2 өшірілді; оның сеанстары аяқталды.").waitFor();
    expect(state.userChanges[2]).toMatchObject({ method: "DELETE", path: "/users/u-2", ifMatch: '"1"' });
    await expect(page.locator('tr[data-user="typist-2"]').textContent()).resolves.toContain("Өшірілген");
  });

  it("keeps what was typed when the session ends mid-entry, and saves it after the new login", async () => {
    await logIn();
    await openProtocol();
    await typeLine("1000");
    await typeLine("12");
    await page.getByText("Енгізілген сандардың бәрі сақталды").waitFor(); // saved
    const savesBefore = state.saves.length;
    state.loggedIn = false; // the session ends on the server
    await typeLine("1000");
    await typeLine("600");
    await page.getByRole("heading", { name: "Жүйеге кіру" }).waitFor();
    // Said in words: the session has ended (not a login screen out of nowhere).
    await page.getByRole("status").filter({ hasText: "Сеанс аяқталды. Қайта кіріңіз." }).waitFor();
    await expectAccessible();
    await screenshots(page, "16-session-ended");

    await page.getByLabel("Пайдаланушы аты").fill(kUser);
    await page.getByLabel("Құпиясөз").fill(kNewPassword);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "P-1:list хаттамасы · 1-енгізу" }).waitFor();
    await page.getByText("Енгізілген сандардың бәрі сақталды").waitFor();
    await expectCount(page.getByText("Сеанс аяқталды. Қайта кіріңіз."), 0);
    const last = state.saves.at(-1)?.body as { values: Record<string, number | null> };
    expect(state.saves.length).toBeGreaterThan(savesBefore);
    expect(last.values["voters_on_list"]).toBe(1000);
    expect(last.values["voters_added_on_day"]).toBe(12);
    expect(last.values["ballots_received"]).toBe(1000);
    expect(last.values["ballots_issued_premises"]).toBe(600);
    await expect(page.getByLabel("Дауыс беруге арналған үй-жайда сайлаушыларға берілген сайлау бюллетеньдерінің саны", { exact: false }).inputValue()).resolves.toBe("600");
  });

  it("attaches a scan beside the form and shows it with its SHA-256", async () => {
    await logIn();
    await openProtocol();
    await page.getByText("Бұл хаттамаға скан тіркелмеген.").waitFor();
    await page.getByLabel("Қағаз хаттаманың сканын немесе фотосын тіркеу").setInputFiles({
      name: "protocol.png",
      mimeType: "image/png",
      buffer: kTinyPng,
    });
    await page.getByText("Скан тіркелді", { exact: false }).waitFor();
    expect(state.uploads).toEqual([{ protocol: "P-1:list", contentType: "image/png", bytes: kTinyPng.length }]);
    const sha = state.scans["P-1:list"]?.[0]?.sha256 ?? "";
    await expect(page.locator(".scan-hash code").textContent()).resolves.toBe(sha);
    await expect(page.locator(".scan img").getAttribute("src")).resolves.toBe(`/api/v1/scans/${sha}`);
    await expectAccessible();
    await screenshots(page, "17-form-with-scan");
  });
});

describe("summary protocols and corrections by decision", () => {
  const summaryRow = (key: string) => page.locator(`section[data-protocol="${kSummaryProtocol}"] tr[data-key="${key}"]`);
  const decision = {
    number: "12/45",
    date: "2026-12-08",
    commission: "T-1",
    reason: "Four voters added at the territorial commission; ten ballots re-examined",
  };

  async function openSummary(): Promise<void> {
    await page.evaluate(() => {
      window.location.hash = "#/commissions/T-1/summary";
    });
    await page.getByRole("heading", { name: "T-1 комиссиясы: жиынтық хаттамаларды учаскелермен салыстыру" }).waitFor();
  }

  it("compares the summary protocol with its precincts, follows the events, and the chair approves it with a decision", async () => {
    let release = () => {};
    state.eventsGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    state.childrenAccepted = 11;
    await logInAs("chair", "T-1");
    await page.getByRole("link", { name: "Жиынтық хаттамаларды учаскелік хаттамалармен салыстыру" }).click();
    await page.getByRole("heading", { name: "T-1 комиссиясы: жиынтық хаттамаларды учаскелермен салыстыру" }).waitFor();
    await page.getByText("Қабылданған учаскелік хаттамалар: 60 ішінен 11").waitFor();

    // A precinct is approved below: its event reloads the comparison.
    state.childrenAccepted = 12;
    release();
    await page.getByText("Қабылданған учаскелік хаттамалар: 60 ішінен 12").waitFor();

    // Line by line, numbered and labelled by the form; a difference signed and marked in words.
    await expect(summaryRow("voters_on_list").getAttribute("class")).resolves.toBe("differs");
    await expect(summaryRow("voters_on_list").textContent()).resolves.toBe(
      "1Сайлаушылар тізіміне енгізілген сайлаушылар саны12\u00a000412\u00a0000+4✕ сәйкес емес",
    );
    await expect(summaryRow("choice.2").textContent()).resolves.toContain("\u221210✕ сәйкес емес");
    await expect(summaryRow("valid_ballots").getAttribute("class")).resolves.toBe("equal");
    await expect(summaryRow("valid_ballots").textContent()).resolves.toContain("0✓ сәйкес");
    await page.getByText("Жиынтық хаттама қабылданған учаскелік хаттамалардың қосындысынан өзгеше жолдар: 3.").waitFor();
    await expectAccessible();
    await phoneFits();
    await screenshots(page, "18-summary-differs");
    for (const [button, heading, mark] of [
      ["Русский", "Комиссия T-1: сверка сводных протоколов с участками", "+4✕ расходится"],
      ["English", "Commission T-1: summary protocols against the precincts", "+4✕ differs"],
    ] as const) {
      await page.getByRole("button", { name: button }).click();
      await page.getByRole("heading", { name: heading }).waitFor();
      await expect(summaryRow("voters_on_list").textContent()).resolves.toContain(mark);
      await expectAccessible();
    }
    await screenshots(page, "18-summary-differs-english");
    await page.getByRole("button", { name: "Қазақша" }).click();

    // Without the decision's fields the approval is not sent; each blank field says why.
    await expect(page.getByLabel("Шешім қабылдаған комиссия").inputValue()).resolves.toBe("T-1");
    await page.getByRole("button", { name: "Осы шешіммен бекіту" }).click();
    await page.getByText("Шешімнің нөмірін жазыңыз.").waitFor();
    await page.getByText("Себебін жазыңыз.").waitFor();
    expect(await focusedId()).toBe("decision-T-1-list-number");
    await expect(page.getByLabel("Шешімнің нөмірі").getAttribute("aria-invalid")).resolves.toBe("true");
    expect(state.approvals).toEqual([]);
    await expectAccessible();
    await screenshots(page, "19-summary-decision-blank");

    await page.getByLabel("Шешімнің нөмірі").fill(decision.number);
    await page.getByLabel("Шешімнің күні").fill(decision.date);
    await page.getByLabel("Себебі", { exact: true }).fill(decision.reason);
    await page.getByRole("button", { name: "Осы шешіммен бекіту" }).click();
    await page.getByText("T-1:list жиынтық хаттамасы бекітілді.").waitFor();
    expect(await focusedId()).toBe("summary-T-1-list"); // the form is gone; the focus is not lost
    expect(state.approvals).toEqual([{ protocol: kSummaryProtocol, ifMatch: '"7"', body: { decision } }]);
    expect(state.histories[kSummaryProtocol]?.versions[0]?.reconciliation).toEqual(decision);
    // Shown again as approved: the version in force is what is compared now.
    await page.getByText("Салыстырылатыны: жиынтық хаттаманың күшіндегі бекітілген нұсқасы.").waitFor();
    await expectCount(page.getByRole("button", { name: "Осы шешіммен бекіту" }), 0);
  });

  it("sends the chair from the list to the comparison when the server wants a decision", async () => {
    state.decisionRequired = ["P-0003:list"];
    await logInAs("chair", "T-1");
    await page.getByRole("link", { name: "Хаттамалар тізімін ашу" }).click();
    // T-1's own protocol is its summary: compared and approved on the comparison screen.
    const own = page.locator('tr[data-protocol="T-1:list"]');
    await expect(own.getByRole("link", { name: "Учаскелермен салыстыру" }).getAttribute("href")).resolves.toBe(
      "#/commissions/T-1/summary",
    );
    await expectCount(own.getByRole("button", { name: "Бекіту" }), 0);
    // A protocol whose approval the server refuses without a decision: the notice leads there.
    await page.locator('tr[data-protocol="P-0003:list"]').getByRole("button", { name: "Бекіту" }).click();
    const notice = page.getByRole("status").filter({ hasText: "айырманы түсіндіретін шешіммен бекітіңіз" });
    await expect(notice.getByRole("link").getAttribute("href")).resolves.toBe("#/commissions/P-0003/summary");
    expect(state.approvals).toEqual([{ protocol: "P-0003:list", ifMatch: '"6"' }]);
  });

  it("shows the server's refusal of an approval without a decision at the decision form", async () => {
    // The summary equals its precincts when shown...
    const summary = state.histories[kSummaryProtocol];
    if (summary === undefined) throw new Error("no summary");
    summary.pending = { ...state.childSums };
    await logInAs("chair", "T-1");
    await openSummary();
    await page.getByText("Жиынтық хаттама қабылданған учаскелік хаттамалардың қосындысына тең.").waitFor();
    await expect.poll(() => state.summaryQueries).toBeGreaterThanOrEqual(2); // the event's reload
    // ...and another precinct is accepted before the chair approves.
    state.childrenAccepted = 13;
    state.childSums = { ...state.childSums, voters_on_list: (state.childSums["voters_on_list"] ?? 0) + 1000 };
    await page.getByRole("button", { name: "Жиынтық хаттаманы бекіту" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "Сервер айырманы түсіндіретін шешімсіз бекітуден бас тартты" })
      .waitFor();
    expect(await focusedId()).toBe("decision-T-1-list-number");
    expect(state.approvals).toEqual([{ protocol: kSummaryProtocol, ifMatch: '"7"' }]);
    await page.getByText("Қабылданған учаскелік хаттамалар: 60 ішінен 13").waitFor();
    await expectAccessible();

    await page.getByLabel("Шешімнің нөмірі").fill(decision.number);
    await page.getByLabel("Шешімнің күні").fill(decision.date);
    await page.getByLabel("Себебі", { exact: true }).fill(decision.reason);
    await page.getByRole("button", { name: "Осы шешіммен бекіту" }).click();
    await page.getByText("T-1:list жиынтық хаттамасы бекітілді.").waitFor();
    expect(state.approvals[1]).toEqual({ protocol: kSummaryProtocol, ifMatch: '"7"', body: { decision } });
  });

  it("shows a protocol's versions with what changed, and the chair opens a correction by decision", async () => {
    await logInAs("chair", "T-1");
    await page.getByRole("link", { name: "Хаттамалар тізімін ашу" }).click();
    await page.locator('tr[data-protocol="P-0001:list"]').getByRole("link", { name: "Тарихы" }).click();
    await page.getByRole("heading", { name: "P-0001:list хаттамасы: нұсқалар мен түзетулер" }).waitFor();

    // Newest first: version 2, in force, made by decision 7/1, changed two lines of version 1.
    const versions = page.locator("section[data-version]");
    await expectCount(versions, 2);
    const second = page.locator('section[data-version="2"]');
    await expect(versions.first().getAttribute("data-version")).resolves.toBe("2");
    await expect(second.getByRole("heading").textContent()).resolves.toBe("2-нұсқа күшінде");
    await expect(second.textContent()).resolves.toContain(kCorrectionDecision.reason);
    await expect(second.textContent()).resolves.toContain("Aigerim Typist (typist-1)");
    await expect(second.textContent()).resolves.toContain("Dana Chair (chair-1)");
    const changes = second.locator("table.changes tbody tr");
    await expectCount(changes, 2);
    await expect(changes.nth(0).textContent()).resolves.toBe("7Пайдаланылмаған (өтелген) сайлау бюллетеньдерінің саны378→ 368");
    await expect(changes.nth(1).getAttribute("data-key")).resolves.toBe("ballots_spoiled");
    await expect(page.locator('section[data-version="1"]').textContent()).resolves.toContain(
      "жоқ: бірінші бекітілген нұсқа",
    );
    await expectAccessible();
    await phoneFits();
    await screenshots(page, "20-history");

    // The correction: the chair's commission is filled in; a blank reason is refused in place.
    await expect(page.getByLabel("Шешім қабылдаған комиссия").inputValue()).resolves.toBe("T-1");
    await page.getByLabel("Шешімнің нөмірі").fill("7/3");
    await page.getByLabel("Шешімнің күні").fill("2026-12-09");
    await page.getByRole("button", { name: "Түзетуді ашу" }).click();
    await page.getByText("Себебін жазыңыз.").waitFor();
    expect(await focusedId()).toBe("correction-reason");
    expect(state.corrections).toEqual([]);
    // From there with the keyboard: the reason, then Tab to the button.
    await page.keyboard.type("Ballots found after the count");
    await page.keyboard.press("Tab");
    await expect(page.locator(":focus").textContent()).resolves.toBe("Түзетуді ашу");
    await page.keyboard.press("Enter");
    await page.getByText("Түзету ашылды: хаттама қайтадан екі рет енгізіледі.").waitFor();
    expect(await focusedId()).toBe("history-heading");
    expect(state.corrections).toEqual([
      {
        protocol: "P-0001:list",
        ifMatch: '"12"',
        body: { decision: { number: "7/3", date: "2026-12-09", commission: "T-1", reason: "Ballots found after the count" } },
      },
    ]);
    // The new cycle: its decision, the protocol back to "not started", version 2 still in force.
    const underWay = page.locator("section.correction-under-way");
    await underWay.getByRole("heading", { name: "Түзету жүріп жатыр" }).waitFor();
    await expect(underWay.textContent()).resolves.toContain("7/3");
    await expect(page.locator(".status").first().textContent()).resolves.toBe("Басталмаған");
    await expectCount(page.getByRole("heading", { name: "Шешім бойынша түзету" }), 0);
    await expectAccessible();
    await phoneFits();
    await screenshots(page, "21-history-correction-opened");
  });

  it("shows the corrected figures against the version in force before the chair approves them", async () => {
    await logInAs("chair", "T-1");
    await page.evaluate(() => {
      window.location.hash = "#/protocols/P-0002:list/history";
    });
    await page.getByRole("heading", { name: "P-0002:list хаттамасы: нұсқалар мен түзетулер" }).waitFor();
    await expect(page.locator("section.correction-under-way").textContent()).resolves.toContain("7/2");
    const pending = page.locator("section.pending table.changes tbody tr");
    await expectCount(pending, 1);
    await expect(pending.first().textContent()).resolves.toContain("1\u00a0000→ 1\u00a0010");
    await expectAccessible();
    await phoneFits();
    await screenshots(page, "22-history-pending");

    await page.locator("section.pending").getByRole("button", { name: "Бекіту" }).click();
    await page.getByText("P-0002:list хаттамасы бекітілді.").waitFor();
    expect(await focusedId()).toBe("history-heading");
    expect(state.approvals).toEqual([{ protocol: "P-0002:list", ifMatch: '"15"' }]);
    const second = page.locator('section[data-version="2"]');
    await second.waitFor();
    await expect(second.locator("table.changes tbody tr").first().getAttribute("data-key")).resolves.toBe("voters_on_list");
    await expect(second.textContent()).resolves.toContain("Line 1 was misread");
    await expectCount(page.locator("section.correction-under-way"), 0);
  });
});
