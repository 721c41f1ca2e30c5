// The API of `esep serve`, mocked with Playwright's route interception, speaking docs/api.md's
// JSON (the server's shapes, not the screens'): log in, the forced password change, one protocol
// entry, the lists, differences, the audit log and the accounts; a territorial commission's
// summary protocol against its precincts, protocols' approved versions, approval with a decision
// and correction by decision. It enforces If-Match like the server, and records every request for
// the tests to check. (tests/browser/server.test.ts runs
// the same application against a real `esep serve`.)
import type { Page, Route } from "playwright-core";

import { createHash } from "node:crypto";

import type {
  AuditRow,
  Decision,
  Differences,
  EntryStatus,
  Me,
  Progress,
  ProtocolRow,
  ProtocolVersion,
  ScanInfo,
  Summary,
  UserRow,
  Values,
} from "../../src/api";
import { kzConsistentValues, kzListForm } from "../fixtures/kz_form";

export const kUser = "typist-1";
export const kFirstPassword = "given-by-the-admin";
export const kNewPassword = "my own long password";

// The entry as the mock keeps it: `state` is the protocol's status ("empty" before the claim).
export interface MockEntry {
  protocol: string;
  entry: 1 | 2;
  state: string;
  version: number;
  typist: string | null;
  values: Record<string, number | null>;
  acknowledged_warnings: string[];
}

export interface MockState {
  loggedIn: boolean;
  me: Me;
  entry: MockEntry;
  saves: Array<{ ifMatch: string | null; body: unknown }>;
  finalised: Array<{ ifMatch: string | null; body: unknown }>;
  // The next PUT answers 412, as if another browser had saved first.
  conflictOnNextSave: boolean;
  // The coordinator's and the chair's screens.
  progress: Progress;
  rows: ProtocolRow[];
  differences: Differences;
  resolutions: Array<{ protocol: string; ifMatch: string | null; body: unknown }>;
  approvals: Array<{ protocol: string; ifMatch: string | null; body?: unknown }>;
  // The audit log and the accounts.
  audit: AuditRow[];
  auditQueries: string[];
  users: UserRow[];
  userChanges: Array<{ method: string; path: string; ifMatch: string | null; body: unknown }>;
  // Scans by protocol, and the uploads received (media type and size).
  scans: Record<string, ScanInfo[]>;
  uploads: Array<{ protocol: string; contentType: string; bytes: number }>;
  // Protocols with approved versions (or awaiting their first), by id: they override the row
  // of the list. T-1:list is the territorial commission's summary protocol.
  histories: Record<string, MockHistory>;
  // The sum of the precinct protocols accepted below T-1, and how many are accepted / expected.
  childSums: Values;
  childrenAccepted: number;
  childrenExpected: number;
  summaryQueries: number;
  corrections: Array<{ protocol: string; ifMatch: string | null; body: unknown }>;
  // When set, GET /events answers only once it resolves (a protocol event "arrives" then).
  eventsGate: Promise<void> | null;
  // Rows of the list whose approval the server refuses without a decision (422, field
  // "decision"), as it does for a summary protocol that differs from its precincts.
  decisionRequired: string[];
}

// A protocol as the mock keeps its versions: `pending` are the definitive figures awaiting
// approval (null unless the status is "definitive"); `correction` the decision of a correction
// cycle under way.
export interface MockHistory {
  commission: string;
  status: EntryStatus;
  version: number;
  correction: Decision | null;
  pending: Values | null;
  versions: ProtocolVersion[];
}

export const kSummaryProtocol = "T-1:list";

// Twelve consistent precinct protocols added up: what T-1's summary protocol should say.
export function childSums(): Values {
  const sums: Values = {};
  for (const [key, value] of Object.entries(kzConsistentValues)) sums[key] = value * 12;
  return sums;
}

// The keys whose figures differ between two sets of values, in the form's order.
export function changedKeys(before: Values, after: Values): string[] {
  return kzListForm.lines.map((line) => line.key).filter((key) => (before[key] ?? null) !== (after[key] ?? null));
}

export const kCorrectionDecision: Decision = {
  number: "7/1",
  date: "2026-12-08",
  commission: "T-1",
  reason: "Recount of the unused ballots ordered by the territorial commission",
};

function mockVersion(number: number, values: Values, previous: Values | null, decision: Decision | null): ProtocolVersion {
  return {
    number,
    values,
    first_typist: "u-1",
    second_typist: "u-2",
    approved_by: "u-3",
    decision,
    reconciliation: null,
    changed: previous === null ? [] : changedKeys(previous, values),
  };
}

function histories(): Record<string, MockHistory> {
  const first: Values = { ...kzConsistentValues };
  const recounted: Values = { ...first, ballots_unused: 368, ballots_spoiled: 12 };
  const sums = childSums();
  return {
    // Approved twice: the second version by a correction decision.
    "P-0001:list": {
      commission: "P-0001",
      status: "approved",
      version: 12,
      correction: null,
      pending: null,
      versions: [mockVersion(1, first, null, null), mockVersion(2, recounted, first, kCorrectionDecision)],
    },
    // Corrected and definitive again: the figures awaiting approval differ in line 1.
    "P-0002:list": {
      commission: "P-0002",
      status: "definitive",
      version: 15,
      correction: { number: "7/2", date: "2026-12-08", commission: "T-1", reason: "Line 1 was misread" },
      pending: { ...first, voters_on_list: 1010 },
      versions: [mockVersion(1, first, null, null)],
    },
    // The summary protocol, definitive, four voters more than the precincts and ten votes moved
    // from party 2 to "against all".
    [kSummaryProtocol]: {
      commission: "T-1",
      status: "definitive",
      version: 7,
      correction: null,
      pending: {
        ...sums,
        voters_on_list: (sums["voters_on_list"] ?? 0) + 4,
        "choice.2": (sums["choice.2"] ?? 0) - 10,
        against_all: (sums["against_all"] ?? 0) + 10,
      },
      versions: [],
    },
  };
}

// GET /commissions/T-1/summary's one summary, from the mock's state.
export function summaryOf(state: MockState): Summary {
  const history = state.histories[kSummaryProtocol];
  if (history === undefined) throw new Error("no summary protocol");
  const inForce = history.versions.at(-1);
  const compared = history.status === "definitive" ? "definitive" : inForce !== undefined ? "approved" : "none";
  const values = compared === "definitive" ? history.pending : compared === "approved" ? (inForce?.values ?? null) : null;
  const lines = kzListForm.lines.map((line) => ({
    key: line.key,
    summary: values?.[line.key] ?? null,
    children: state.childSums[line.key] ?? null,
  }));
  const differences = compared === "none" ? [] : lines.filter((line) => line.summary !== line.children).map((line) => line.key);
  return {
    protocol: kSummaryProtocol,
    commission: "T-1",
    contest: { kind: "list", district: 0 },
    status: history.status,
    version: history.version,
    compared,
    children: state.childrenAccepted,
    expected: state.childrenExpected,
    matches: differences.length === 0,
    lines,
    differences,
    description: `T-1's summary protocol (list) compared with the sum of its ${state.childrenAccepted} of ${state.childrenExpected} precinct protocols`,
  };
}

function isCompleteDecision(decision: unknown): decision is Decision {
  if (typeof decision !== "object" || decision === null) return false;
  const fields = decision as Record<string, unknown>;
  return ["number", "date", "commission", "reason"].every(
    (field) => typeof fields[field] === "string" && (fields[field] as string).trim() !== "",
  );
}

// A 1×1 PNG: what a test attaches as a scan, and what GET /scans answers.
export const kTinyPng = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360f8cf000003010101a5d2f0b70000000049454e44ae426082",
  "hex",
);

// The statuses of a territorial commission's 60 precincts' party-list protocols, in a fixed
// pattern, so that every status occurs and the counts are known.
const kRowPattern: EntryStatus[] = [
  "approved", "approved", "definitive", "entries_different", "first_entry_done",
  "second_entry_in_progress", "empty", "first_entry_in_progress", "first_entry_has_errors",
  "first_entry_returned",
];

export function territorialRows(): ProtocolRow[] {
  const rows: ProtocolRow[] = [];
  for (let i = 1; i <= 60; ++i) {
    const commission = `P-${String(i).padStart(4, "0")}`;
    rows.push({
      protocol: `${commission}:list`,
      commission,
      level: "precinct",
      contest: { kind: "list", district: 0 },
      status: kRowPattern[(i - 1) % kRowPattern.length] ?? "empty",
      version: 3 + (i % 5),
    });
  }
  return rows;
}

export function newState(): MockState {
  return {
    loggedIn: false,
    me: { id: "u-1", login: kUser, name: "Aigerim Typist", commission: "P-1", role: "typist", must_change_password: true },
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
    progress: {
      commission: "T-1",
      total: 120,
      counts: {
        not_started: 58,
        first_entry: 20,
        second_entry: 12,
        different: 3,
        has_errors: 1,
        definitive: 6,
        approved: 20,
      },
    },
    rows: territorialRows(),
    differences: {
      protocol: "P-0004:list",
      version: 9,
      status: "entries_different",
      first: { ...kzConsistentValues },
      second: { ...kzConsistentValues, "choice.2": (kzConsistentValues["choice.2"] ?? 0) + 10, against_all: null },
      differences: ["choice.2", "against_all"],
    },
    resolutions: [],
    approvals: [],
    audit: [
      { entry: 2, kind: "user_added", user: "cli", commission: "T-1", time: "2026-12-07T01:00:00Z", client_address: "local", details: { login: "typist-1", role: "typist" } },
      { entry: 5, kind: "login_failed", user: "", commission: "", time: "2026-12-07T02:10:04Z", client_address: "192.0.2.7", details: { login: "typist-1" } },
      { entry: 6, kind: "login", user: "u-1", commission: "T-1", time: "2026-12-07T02:10:09Z", client_address: "192.0.2.7", details: {} },
      { entry: 9, kind: "entry_saved", user: "u-1", commission: "P-0004", time: "2026-12-07T02:14:40Z", client_address: "192.0.2.7", details: { protocol: "P-0004:list", entry: "1", keys: "choice.2" } },
    ],
    auditQueries: [],
    users: [
      { id: "u-1", login: "typist-1", name: "Aigerim Typist", role: "typist", commission: "T-1", disabled: false, must_change_password: false, version: 2 },
      { id: "u-2", login: "typist-2", name: "Bolat Typist", role: "typist", commission: "T-1", disabled: false, must_change_password: true, version: 1 },
      { id: "u-3", login: "chair-1", name: "Dana Chair", role: "chair", commission: "T-1", disabled: true, must_change_password: false, version: 4 },
    ],
    userChanges: [],
    scans: {},
    uploads: [],
    histories: histories(),
    childSums: childSums(),
    childrenAccepted: 12,
    childrenExpected: 60,
    summaryQueries: 0,
    corrections: [],
    eventsGate: null,
    decisionRequired: [],
  };
}

// T-1's list: its own summary protocol, then its precincts; a protocol with versions as the
// mock keeps it.
function listRows(state: MockState): ProtocolRow[] {
  const summary = state.histories[kSummaryProtocol];
  const own: ProtocolRow[] =
    summary === undefined
      ? []
      : [{ protocol: kSummaryProtocol, commission: "T-1", level: "territorial", contest: { kind: "list", district: 0 }, status: summary.status, version: summary.version }];
  return [
    ...own,
    ...state.rows.map((row) => {
      const history = state.histories[row.protocol];
      return history === undefined ? row : { ...row, status: history.status, version: history.version };
    }),
  ];
}

function json(route: Route, status: number, body: unknown): Promise<void> {
  return route.fulfill({
    status,
    contentType: "application/json",
    headers: { "X-Esep-Session-Seconds": "1800" },
    body: JSON.stringify(body),
  });
}

// The server's user JSON (docs/api.md).
function serverUser(user: UserRow) {
  return {
    id: user.id,
    login_name: user.login,
    display_name: user.name,
    role: user.role,
    commission: user.commission,
    disabled: user.disabled,
    must_change_password: user.must_change_password,
    version: user.version,
  };
}

function meAnswer(me: Me) {
  return {
    user: serverUser({ ...me, disabled: false, version: 1 }),
    session_seconds_left: 1800,
  };
}

function standing(entry: MockEntry) {
  return { protocol: entry.protocol, status: entry.state, version: entry.version };
}

function error(route: Route, status: number, code: string, message: string): Promise<void> {
  return json(route, status, { error: { code, message } });
}

export async function mockApi(page: Page, state: MockState): Promise<void> {
  await page.route("**/api/v1/**", async (route) => {
    const request = route.request();
    const path = new URL(request.url()).pathname.replace("/api/v1", "");
    const method = request.method();
    const isJson = (request.headers()["content-type"] ?? "").startsWith("application/json");
    const body: unknown = isJson && request.postData() ? request.postDataJSON() : null;
    const ifMatch = request.headers()["if-match"] ?? null;

    if (path === "/auth/login" && method === "POST") {
      const { login_name: user, password } = body as { login_name: string; password: string };
      const expected = state.me.must_change_password ? kFirstPassword : kNewPassword;
      if (user !== kUser || password !== expected) return error(route, 401, "unauthenticated", "bad login");
      state.loggedIn = true;
      return json(route, 200, meAnswer(state.me));
    }
    if (!state.loggedIn) return error(route, 401, "unauthenticated", "no session");
    if (path === "/auth/me" && method === "GET") return json(route, 200, meAnswer(state.me));
    if (path === "/auth/me" && method === "PUT") {
      const { current_password: current } = body as { current_password: string; password: string };
      if (current !== kFirstPassword) return error(route, 403, "permission_denied", "wrong password");
      state.me = { ...state.me, must_change_password: false };
      return json(route, 200, meAnswer(state.me));
    }
    if (path === "/auth/logout" && method === "POST") {
      state.loggedIn = false;
      return json(route, 200, {});
    }
    if (path === "/protocols/P-1:list/form" && method === "GET") return json(route, 200, kzListForm);
    if (path === "/commissions/P-1/protocols" && method === "GET") {
      return json(route, 200, {
        commission: "P-1",
        protocols: [
          { protocol: "P-1:list", commission: "P-1", contest: { kind: "list", district: 0 }, status: state.entry.state, version: state.entry.version },
        ],
      });
    }
    if (path === "/protocols/P-1:list/entries/1" && method === "GET") {
      if (state.entry.state === "empty") return error(route, 404, "not_found", "P-1:list has no entry 1 yet");
      return json(route, 200, {
        ...state.entry,
        status: state.entry.state,
        state: state.entry.state === "first_entry_in_progress" ? "in_progress" : "finalised",
      });
    }
    if (path === "/protocols/P-1:list/entries/1/claim" && method === "POST") {
      if (ifMatch !== `"${state.entry.version}"`) return error(route, 412, "aborted", "stale version");
      state.entry = { ...state.entry, state: "first_entry_in_progress", typist: state.me.id, version: state.entry.version + 1 };
      return json(route, 200, standing(state.entry));
    }
    if (path === "/protocols/P-1:list/entries/1" && method === "PUT") {
      state.saves.push({ ifMatch, body });
      if (state.conflictOnNextSave || ifMatch !== `"${state.entry.version}"`) {
        state.conflictOnNextSave = false;
        return error(route, 412, "aborted", "stale version");
      }
      const { values, ...unknown } = body as { values: MockEntry["values"] };
      if (Object.keys(unknown).length > 0) return error(route, 400, "invalid_argument", "unknown field");
      state.entry = { ...state.entry, values, version: state.entry.version + 1 };
      return json(route, 200, standing(state.entry));
    }
    if (path === "/protocols/P-1:list/entries/1/finalise" && method === "POST") {
      state.finalised.push({ ifMatch, body });
      if (ifMatch !== `"${state.entry.version}"`) return error(route, 412, "aborted", "stale version");
      const { acknowledged_warnings } = body as { acknowledged_warnings: string[] };
      state.entry = { ...state.entry, acknowledged_warnings, state: "first_entry_done", version: state.entry.version + 1 };
      return json(route, 200, standing(state.entry));
    }
    const scansRoute = /^\/protocols\/([^/]+)\/scans$/.exec(path);
    if (scansRoute !== null) {
      const protocol = decodeURIComponent(scansRoute[1] ?? "");
      if (method === "POST") {
        const bytes = request.postDataBuffer() ?? Buffer.alloc(0);
        const contentType = request.headers()["content-type"] ?? "";
        state.uploads.push({ protocol, contentType, bytes: bytes.length });
        const scan: ScanInfo = {
          protocol,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          media_type: contentType,
          bytes: bytes.length,
          uploaded_by: state.me.id,
          uploaded_at: "2026-12-07T03:00:00Z",
        };
        (state.scans[protocol] ??= []).push(scan);
        return json(route, 201, scan);
      }
      return json(route, 200, { protocol, scans: state.scans[protocol] ?? [] });
    }
    if (/^\/scans\/[0-9a-f]{64}$/.test(path) && method === "GET") {
      return route.fulfill({ status: 200, contentType: "image/png", body: kTinyPng });
    }
    if (path === "/progress" && method === "GET") {
      return json(route, 200, { commission: state.progress.commission, total: state.progress.total, ...state.progress.counts, in_correction: 0 });
    }
    if (path === "/audit" && method === "GET") {
      const query = new URL(request.url()).searchParams;
      state.auditQueries.push(query.toString());
      const kind = query.get("kind");
      return json(route, 200, { commission: "T-1", events: state.audit.filter((event) => kind === null || event.kind === kind) });
    }
    if (path === "/users" && method === "GET") return json(route, 200, { commission: "T-1", users: state.users.map(serverUser) });
    if (path === "/users" && method === "POST") {
      state.userChanges.push({ method, path, ifMatch, body });
      const added = body as { login_name: string; display_name: string; role: UserRow["role"]; commission: string };
      if (state.users.some((user) => user.login === added.login_name)) {
        return json(route, 409, { error: { code: "already_exists", message: "login name taken", field: "login_name" } });
      }
      const user: UserRow = { id: `u-${state.users.length + 1}`, login: added.login_name, name: added.display_name, role: added.role, commission: added.commission, disabled: false, must_change_password: true, version: 1 };
      state.users.push(user);
      return json(route, 201, serverUser(user));
    }
    const userRoute = /^\/users\/([^/]+)$/.exec(path);
    if (userRoute !== null && (method === "PUT" || method === "DELETE")) {
      state.userChanges.push({ method, path, ifMatch, body });
      const user = state.users.find((candidate) => candidate.id === userRoute[1]);
      if (user === undefined) return error(route, 404, "not_found", "no such user");
      if (ifMatch !== `"${user.version}"`) return error(route, 412, "aborted", "stale version");
      if (method === "DELETE") user.disabled = true;
      else user.must_change_password = true;
      user.version += 1;
      return json(route, 200, serverUser(user));
    }
    if (path === "/events" && method === "GET") {
      // One event, then the stream ends; the long retry keeps EventSource from reconnecting
      // during a test.
      const stream = {
        status: 200,
        contentType: "text/event-stream",
        body: `retry: 600000\nevent: protocol\ndata: {"protocol": "P-0001:list", "status": "approved", "version": 9}\n\n`,
      };
      if (state.eventsGate === null) return route.fulfill(stream);
      await state.eventsGate;
      // The page may have closed this stream meanwhile (another screen).
      return route.fulfill(stream).catch(() => undefined);
    }
    if (path === "/commissions/T-1/protocols" && method === "GET") {
      return json(route, 200, { commission: "T-1", protocols: listRows(state) });
    }
    const commissionRoute = /^\/commissions\/([A-Za-z0-9-]+)(\/summary)?$/.exec(path);
    if (commissionRoute !== null && method === "GET") {
      const id = commissionRoute[1] ?? "";
      const level = id.startsWith("T-") ? "territorial" : "precinct";
      if (commissionRoute[2] === undefined) {
        return json(route, 200, { id, level, parent: level === "precinct" ? "T-1" : "R-1", name: `Commission ${id}` });
      }
      state.summaryQueries += 1;
      return json(route, 200, { commission: id, summaries: id === "T-1" ? [summaryOf(state)] : [] });
    }
    const versionsRoute = /^\/protocols\/([^/]+)\/(versions|corrections|approve)$/.exec(path);
    const history = versionsRoute !== null ? state.histories[decodeURIComponent(versionsRoute[1] ?? "")] : undefined;
    if (versionsRoute !== null && history !== undefined) {
      const protocol = decodeURIComponent(versionsRoute[1] ?? "");
      const what = versionsRoute[2];
      const inForce = history.versions.at(-1);
      if (what === "versions" && method === "GET") {
        const definitive = history.status === "definitive" && history.pending !== null;
        return json(route, 200, {
          protocol,
          status: history.status,
          version: history.version,
          correction: history.correction,
          pending: definitive ? history.pending : null,
          pending_changed: definitive && inForce !== undefined ? changedKeys(inForce.values, history.pending ?? {}) : [],
          versions: history.versions,
        });
      }
      if (what === "corrections" && method === "POST") {
        state.corrections.push({ protocol, ifMatch, body });
        if (state.me.role !== "chair") return error(route, 403, "permission_denied", "only the chair corrects");
        if (ifMatch !== `"${history.version}"`) return error(route, 412, "aborted", "stale version");
        const decision = (body as { decision?: unknown } | null)?.decision;
        if (!isCompleteDecision(decision)) {
          return json(route, 400, { error: { code: "invalid_argument", message: "a complete decision is required", field: "decision" } });
        }
        if (history.status !== "approved") return error(route, 422, "failed_precondition", "only an approved protocol is corrected");
        Object.assign(history, { status: "empty", version: history.version + 1, correction: decision, pending: null });
        return json(route, 200, { protocol, status: history.status, version: history.version });
      }
      if (what === "approve" && method === "POST") {
        state.approvals.push(body === null ? { protocol, ifMatch } : { protocol, ifMatch, body });
        if (ifMatch !== `"${history.version}"`) return error(route, 412, "aborted", "stale version");
        if (history.status !== "definitive" || history.pending === null) {
          return error(route, 422, "failed_precondition", "the protocol is not definitive");
        }
        const decision = (body as { decision?: unknown } | null)?.decision;
        if (decision !== undefined && !isCompleteDecision(decision)) {
          return json(route, 400, { error: { code: "invalid_argument", message: "every field of the decision is required", field: "decision" } });
        }
        const differs = protocol === kSummaryProtocol && !summaryOf(state).matches;
        if (differs && decision === undefined) {
          return json(route, 422, {
            error: {
              code: "failed_precondition",
              message: "the summary protocol differs from the sum of its accepted precinct protocols: a decision explaining the difference is required",
              field: "decision",
            },
          });
        }
        history.versions.push({
          ...mockVersion(history.versions.length + 1, history.pending, inForce?.values ?? null, history.correction),
          approved_by: state.me.id,
          reconciliation: differs && isCompleteDecision(decision) ? decision : null,
        });
        Object.assign(history, { status: "approved", version: history.version + 1, correction: null, pending: null });
        return json(route, 200, { protocol, status: history.status, version: history.version });
      }
    }
    const protocolRoute = /^\/protocols\/([^/]+)\/(form|differences|resolution|approve)$/.exec(path);
    if (protocolRoute !== null) {
      const protocol = decodeURIComponent(protocolRoute[1] ?? "");
      const what = protocolRoute[2];
      if (what === "form" && method === "GET") return json(route, 200, { ...kzListForm, protocol });
      if (what === "differences" && method === "GET" && protocol === state.differences.protocol) {
        return json(route, 200, state.differences);
      }
      if (what === "resolution" && method === "POST") {
        state.resolutions.push({ protocol, ifMatch, body });
        if (ifMatch !== `"${state.differences.version}"`) return error(route, 412, "aborted", "stale version");
        const row = state.rows.find((candidate) => candidate.protocol === protocol);
        return json(route, 200, { protocol: row?.protocol, status: "second_entry_in_progress", version: state.differences.version + 1 });
      }
      if (what === "approve" && method === "POST") {
        state.approvals.push({ protocol, ifMatch });
        const row = state.rows.find((candidate) => candidate.protocol === protocol);
        if (row === undefined) return error(route, 404, "not_found", "no such protocol");
        if (ifMatch !== `"${row.version}"`) return error(route, 412, "aborted", "stale version");
        if (state.decisionRequired.includes(protocol)) {
          return json(route, 422, { error: { code: "failed_precondition", message: "a decision is required", field: "decision" } });
        }
        row.status = "approved";
        row.version += 1;
        return json(route, 200, { protocol: row.protocol, status: row.status, version: row.version });
      }
    }
    return error(route, 404, "not_found", `no mock for ${method} ${path}`);
  });
}
