// Whole flows in a real browser against the built application, the API mocked: log in with the
// forced password change, type a protocol with the keyboard only, see a ratio error appear and
// block finishing, acknowledge a warning, finish; switch the language; a stale save (412). axe-core
// checks every screen; screenshots of every screen at desktop and phone widths go to
// web/test-results/.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";

import { axeViolations, kBaseUrl, kViewports, launch, screenshots } from "./browser";
import { kFirstPassword, kNewPassword, kTinyPng, kUser, mockApi, newState, type MockState } from "./mock_api";
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

async function expectAccessible(): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

async function logIn(): Promise<void> {
  await page.goto(kBaseUrl);
  await page.getByLabel("Пайдаланушы аты").waitFor();
  await page.keyboard.type(kUser);
  await page.keyboard.press("Tab");
  await page.keyboard.type(kFirstPassword);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Өз құпиясөзіңізді орнатыңыз" }).waitFor();
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
    await expect(rows.count()).resolves.toBe(7);
    // Every count as served, and shares that never round to 0 % or 100 % wrongly.
    await expect(rows.nth(0).textContent()).resolves.toBe("Басталмаған5848 %");
    await expect(rows.nth(4).textContent()).resolves.toBe("Қателері бар11 %");
    await expect(page.locator(".progress-bar span").count()).resolves.toBe(7);
    await expectAccessible();
    await screenshots(page, "10-dashboard");
  });

  it("lists 60 protocols: filters by status, sorts, jumps to a precinct, approves", async () => {
    await logInAs("chair", "T-1");
    await page.getByRole("link", { name: "Хаттамалар тізімін ашу" }).click();
    await page.getByRole("heading", { name: "T-1 комиссиясының хаттамалары" }).waitFor();
    const body = page.locator("table.protocols tbody tr");
    await expect(body.count()).resolves.toBe(60);
    await expectAccessible();
    await screenshots(page, "11-protocol-list");

    await page.getByLabel("Күйі", { exact: true }).selectOption("entries_different");
    await expect(body.count()).resolves.toBe(6);
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
    await expect(rows.count()).resolves.toBe(4);
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
    await expect(page.locator("table.users tbody tr").count()).resolves.toBe(3);
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
    await expect(page.locator("table.users tbody tr").count()).resolves.toBe(4);

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
    await screenshots(page, "16-session-ended");

    await page.getByLabel("Пайдаланушы аты").fill(kUser);
    await page.getByLabel("Құпиясөз").fill(kNewPassword);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "P-1:list хаттамасы · 1-енгізу" }).waitFor();
    await page.getByText("Енгізілген сандардың бәрі сақталды").waitFor();
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
