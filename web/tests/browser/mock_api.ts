// The API of `esep serve`, mocked with Playwright's route interception: enough of the draft
// contract (src/api.ts) for log in, the forced password change and one protocol entry. It
// enforces If-Match like the server will, and records every request for the tests to check.
import type { Page, Route } from "playwright-core";

import type { Entry, Me } from "../../src/api";
import { kzListForm } from "../fixtures/kz_form";

export const kUser = "typist-1";
export const kFirstPassword = "given-by-the-admin";
export const kNewPassword = "my own long password";

export interface MockState {
  loggedIn: boolean;
  me: Me;
  entry: Entry;
  saves: Array<{ ifMatch: string | null; body: unknown }>;
  finalised: Array<{ ifMatch: string | null; body: unknown }>;
  // The next PUT answers 412, as if another browser had saved first.
  conflictOnNextSave: boolean;
}

export function newState(): MockState {
  return {
    loggedIn: false,
    me: { id: kUser, name: "Aigerim Typist", commission: "P-1", role: "typist", must_change_password: true },
    entry: {
      protocol: "P-1:list",
      entry: 1,
      state: "empty",
      version: 1,
      typist: null,
      values: {},
      acknowledged_warnings: [],
    },
    saves: [],
    finalised: [],
    conflictOnNextSave: false,
  };
}

function json(route: Route, status: number, body: unknown): Promise<void> {
  return route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
}

function error(route: Route, status: number, code: string, message: string): Promise<void> {
  return json(route, status, { error: { code, message } });
}

export async function mockApi(page: Page, state: MockState): Promise<void> {
  await page.route("**/api/v1/**", async (route) => {
    const request = route.request();
    const path = new URL(request.url()).pathname.replace("/api/v1", "");
    const method = request.method();
    const body: unknown = request.postData() ? request.postDataJSON() : null;
    const ifMatch = request.headers()["if-match"] ?? null;

    if (path === "/auth/login" && method === "POST") {
      const { user, password } = body as { user: string; password: string };
      const expected = state.me.must_change_password ? kFirstPassword : kNewPassword;
      if (user !== kUser || password !== expected) return error(route, 401, "unauthenticated", "bad login");
      state.loggedIn = true;
      return json(route, 200, state.me);
    }
    if (!state.loggedIn) return error(route, 401, "unauthenticated", "no session");
    if (path === "/auth/me" && method === "GET") return json(route, 200, state.me);
    if (path === "/auth/me" && method === "PUT") {
      const { current_password: current } = body as { current_password: string };
      if (current !== kFirstPassword) return error(route, 403, "permission_denied", "wrong password");
      state.me = { ...state.me, must_change_password: false };
      return json(route, 200, state.me);
    }
    if (path === "/auth/logout" && method === "POST") {
      state.loggedIn = false;
      return json(route, 200, {});
    }
    if (path === "/protocols/P-1:list/form" && method === "GET") return json(route, 200, kzListForm);
    if (path === "/protocols/P-1:list/entries/1" && method === "GET") return json(route, 200, state.entry);
    if (path === "/protocols/P-1:list/entries/1/claim" && method === "POST") {
      state.entry = { ...state.entry, state: "first_entry_in_progress", typist: kUser, version: state.entry.version + 1 };
      return json(route, 200, state.entry);
    }
    if (path === "/protocols/P-1:list/entries/1" && method === "PUT") {
      state.saves.push({ ifMatch, body });
      if (state.conflictOnNextSave || ifMatch !== `"${state.entry.version}"`) {
        state.conflictOnNextSave = false;
        return error(route, 412, "aborted", "stale version");
      }
      const { values, acknowledged_warnings } = body as Pick<Entry, "values" | "acknowledged_warnings">;
      state.entry = { ...state.entry, values, acknowledged_warnings, version: state.entry.version + 1 };
      return json(route, 200, state.entry);
    }
    if (path === "/protocols/P-1:list/entries/1/finalise" && method === "POST") {
      state.finalised.push({ ifMatch, body });
      if (ifMatch !== `"${state.entry.version}"`) return error(route, 412, "aborted", "stale version");
      state.entry = { ...state.entry, state: "first_entry_done", version: state.entry.version + 1 };
      return json(route, 200, state.entry);
    }
    return error(route, 404, "not_found", `no mock for ${method} ${path}`);
  });
}
