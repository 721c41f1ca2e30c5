// The one module that talks to `esep serve`: every route the web application uses, its JSON
// shapes and its errors. It follows the draft contract of issue 12 (docs/api.md is the reference
// once it is fixed; adjust this file, and only this file, when it changes).
//
// All requests go to the same origin under /api/v1 with the session cookie; bodies are JSON.
// A 4xx/5xx answer becomes an ApiError carrying the server's {"error": {code, message, field}}.

export const kApiBase = "/api/v1";

// --- Shapes ----------------------------------------------------------------------------------

export type Role = "administrator" | "chair" | "coordinator" | "typist" | "observer";

// GET /auth/me: the logged-in user.
export interface Me {
  id: string;
  name: string;
  commission: string;
  role: Role;
  // A first password (set by an administrator) must be changed before anything else.
  must_change_password: boolean;
}

export interface Contest {
  kind: "list" | "district";
  district: number; // 0 for the party list
}

// One line of the paper form. `number` is the line's number on the paper; lines come in the
// paper's order. `key` names the figure (voters_on_list, ..., choice.N, against_all,
// turnout_reported_during_day); `label` is English, the app translates by key.
export interface FormLine {
  number?: number;
  key: string;
  label: string;
}

// One control ratio, as served (GET /ratios, and inside the form): the sum of `left`
// compared with the sum of `right`. `sum_of_choices` may appear as an operand: the sum of
// every choice.N line.
export interface Ratio {
  id: string;
  severity: "error" | "warning";
  scope: "protocol" | "precinct";
  left: string[];
  relation: "equal" | "at_most";
  right: string[];
  tolerance: number;
  message: string;
  only_when_turnout_reported: boolean;
}

// GET /protocols/{id}/form
export interface ProtocolForm {
  protocol: string;
  contest: Contest;
  lines: FormLine[];
  ratios: Ratio[];
}

// A typed figure: a whole number ≥ 0, or null when not typed yet (blank is not zero).
export type Values = Record<string, number | null>;

export type EntryNumber = 1 | 2;

// GET|PUT /protocols/{id}/entries/{1|2}
export interface Entry {
  protocol: string;
  entry: EntryNumber;
  state: string;
  version: number;
  typist: string | null;
  values: Values;
  acknowledged_warnings: string[];
}

// The states in which the typist may still type (draft names; docs/api.md fixes them).
export function isEditable(state: string): boolean {
  return state === "empty" || state.endsWith("_in_progress");
}

// --- Errors ----------------------------------------------------------------------------------

// code: the snake_case StatusCode of base/status.h ("aborted" is a stale If-Match version, 412),
// or "network_error" when the server was not reached.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;

  constructor(status: number, code: string, message: string, field: string | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }

  // A save or finalise lost to another browser: the version in If-Match is stale.
  get isConflict(): boolean {
    return this.status === 412;
  }
}

// A protocol id as the contract writes it: "<commission>:list" or "<commission>:d<N>". Checked
// before it goes into a URL, so nothing else can be smuggled into the path.
const kProtocolId = /^[A-Za-z0-9-]+:(list|d[1-9][0-9]*)$/;

export function isProtocolId(id: string): boolean {
  return kProtocolId.test(id);
}

function protocolPath(id: string): string {
  if (!isProtocolId(id)) throw new ApiError(0, "invalid_argument", `bad protocol id ${id}`, null);
  return `${kApiBase}/protocols/${id}`;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  ifMatch?: number;
  signal?: AbortSignal;
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const init: RequestInit = {
    method: options.method ?? "GET",
    credentials: "same-origin",
    cache: "no-store",
    headers,
  };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  if (options.ifMatch !== undefined) headers["If-Match"] = `"${options.ifMatch}"`;
  if (options.signal !== undefined) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, "network_error", String(cause), null);
  }
  const text = await response.text();
  let json: unknown = null;
  if (text !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)
      ?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === "string" ? error.code : `http_${response.status}`,
      typeof error?.message === "string" ? error.message : response.statusText,
      typeof error?.field === "string" ? error.field : null,
    );
  }
  return json as T;
}

// --- Authentication --------------------------------------------------------------------------

// POST /auth/login. A wrong user name and a wrong password get the same 401 (no user-name
// enumeration); repeated failures get 429.
export function login(user: string, password: string): Promise<Me> {
  return request<Me>(`${kApiBase}/auth/login`, { method: "POST", body: { user, password } });
}

export async function logout(): Promise<void> {
  await request<unknown>(`${kApiBase}/auth/logout`, { method: "POST", body: {} });
}

// GET /auth/me; null when there is no session (401).
export async function me(): Promise<Me | null> {
  try {
    return await request<Me>(`${kApiBase}/auth/me`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

// PUT /auth/me: the forced change of a first password (and any later change).
export function changePassword(currentPassword: string, newPassword: string): Promise<Me> {
  return request<Me>(`${kApiBase}/auth/me`, {
    method: "PUT",
    body: { current_password: currentPassword, new_password: newPassword },
  });
}

// --- Protocols and entries -------------------------------------------------------------------

export function getRatios(): Promise<Ratio[]> {
  return request<Ratio[]>(`${kApiBase}/ratios`);
}

export function getForm(protocol: string): Promise<ProtocolForm> {
  return request<ProtocolForm>(`${protocolPath(protocol)}/form`);
}

export function getEntry(protocol: string, entry: EntryNumber): Promise<Entry> {
  return request<Entry>(`${protocolPath(protocol)}/entries/${entry}`);
}

// POST .../claim: the typist takes an empty entry; only they may then save or finalise it.
export function claimEntry(protocol: string, entry: EntryNumber): Promise<Entry> {
  return request<Entry>(`${protocolPath(protocol)}/entries/${entry}/claim`, {
    method: "POST",
    body: {},
  });
}

// PUT .../entries/{n}: saves the figures as typed. `version` is the version the browser last
// saw; a stale one gets a 412 (ApiError.isConflict). Returns the entry with its new version.
export function saveEntry(
  protocol: string,
  entry: EntryNumber,
  version: number,
  values: Values,
  acknowledgedWarnings: string[],
): Promise<Entry> {
  return request<Entry>(`${protocolPath(protocol)}/entries/${entry}`, {
    method: "PUT",
    ifMatch: version,
    body: { values, acknowledged_warnings: acknowledgedWarnings },
  });
}

// POST .../finalise: the typist declares the entry complete. The server re-checks the ratios
// and decides.
export function finaliseEntry(
  protocol: string,
  entry: EntryNumber,
  version: number,
  acknowledgedWarnings: string[],
): Promise<Entry> {
  return request<Entry>(`${protocolPath(protocol)}/entries/${entry}/finalise`, {
    method: "POST",
    ifMatch: version,
    body: { acknowledged_warnings: acknowledgedWarnings },
  });
}

// --- Commissions, protocol lists and progress ------------------------------------------------

// The status of a protocol in double entry (data_entry::EntryStatusName on the server).
export const kEntryStatuses = [
  "empty",
  "first_entry_in_progress",
  "first_entry_has_errors",
  "first_entry_done",
  "second_entry_in_progress",
  "first_entry_returned",
  "entries_different",
  "definitive",
  "approved",
] as const;
export type EntryStatus = (typeof kEntryStatuses)[number];

// GET /commissions/{id}
export interface Commission {
  id: string;
  name: string;
  level: string; // "central", "regional", "district", "territorial", "precinct"
  parent: string | null;
}

// One row of GET /commissions/{id}/protocols: a protocol the commission expects, with its state.
export interface ProtocolRow {
  protocol: string;
  commission: string;
  contest: Contest;
  status: EntryStatus;
  version: number;
}

// The progress groups of issue 12, in the order a dashboard shows them.
export const kProgressGroups = [
  "not_started",
  "first_entry",
  "second_entry",
  "different",
  "has_errors",
  "definitive",
  "approved",
] as const;
export type ProgressGroup = (typeof kProgressGroups)[number];

// GET /progress?commission=: counts for the commission and everything below it.
export interface Progress {
  commission: string;
  total: number;
  counts: Record<ProgressGroup, number>;
}

// Which progress group a status counts in.
export function progressGroup(status: EntryStatus): ProgressGroup {
  switch (status) {
    case "empty":
      return "not_started";
    // As the server counts them (service/entries.h, EntryProgress): a first entry returned to
    // its typist is being typed again; a finished first entry awaits the second.
    case "first_entry_in_progress":
    case "first_entry_returned":
      return "first_entry";
    case "first_entry_done":
    case "second_entry_in_progress":
      return "second_entry";
    case "entries_different":
      return "different";
    case "first_entry_has_errors":
      return "has_errors";
    case "definitive":
      return "definitive";
    case "approved":
      return "approved";
  }
}

// Commission ids hold letters, digits and '-' (checked before they go into a URL).
const kCommissionId = /^[A-Za-z0-9-]+$/;

export function isCommissionId(id: string): boolean {
  return kCommissionId.test(id);
}

function commissionPath(id: string): string {
  if (!isCommissionId(id)) throw new ApiError(0, "invalid_argument", `bad commission id ${id}`, null);
  return `${kApiBase}/commissions/${id}`;
}

export function getCommission(id: string): Promise<Commission> {
  return request<Commission>(commissionPath(id));
}

export function getProtocols(commission: string): Promise<ProtocolRow[]> {
  return request<ProtocolRow[]>(`${commissionPath(commission)}/protocols`);
}

export function getProgress(commission: string): Promise<Progress> {
  if (!isCommissionId(commission)) {
    throw new ApiError(0, "invalid_argument", `bad commission id ${commission}`, null);
  }
  return request<Progress>(`${kApiBase}/progress?commission=${encodeURIComponent(commission)}`);
}

// GET /events: Server-Sent Events; a "progress" event carries a Progress for one commission.
export const kEventsPath = `${kApiBase}/events`;

// --- Differences, resolution, approval -------------------------------------------------------

// GET /protocols/{id}/differences: both finalised entries side by side, for the coordinator.
export interface Differences {
  protocol: string;
  version: number; // the protocol's version, for If-Match on the resolution
  status: EntryStatus;
  first: Entry;
  second: Entry;
  differing: string[]; // line keys, in the paper's order
  scan: string | null; // SHA-256 of the protocol's scan, if one is attached
}

export type Resolution =
  | "keep_first"
  | "keep_second"
  | "discard_both"
  | "return_first"
  | "return_second";

export function getDifferences(protocol: string): Promise<Differences> {
  return request<Differences>(`${protocolPath(protocol)}/differences`);
}

// POST /protocols/{id}/resolution with the protocol's version (If-Match).
export function resolve(protocol: string, version: number, resolution: Resolution): Promise<ProtocolRow> {
  return request<ProtocolRow>(`${protocolPath(protocol)}/resolution`, {
    method: "POST",
    ifMatch: version,
    body: { resolution },
  });
}

// POST /protocols/{id}/approve: the chair approves a definitive protocol.
export function approve(protocol: string, version: number): Promise<ProtocolRow> {
  return request<ProtocolRow>(`${protocolPath(protocol)}/approve`, {
    method: "POST",
    ifMatch: version,
    body: {},
  });
}

// GET /scans/{sha256}: the scan's URL (an <img> or a link loads it with the session cookie).
export function scanUrl(sha256: string): string | null {
  return /^[0-9a-f]{64}$/.test(sha256) ? `${kApiBase}/scans/${sha256}` : null;
}

// --- The audit log ---------------------------------------------------------------------------

// The kinds of audit event (storage/audit_event.h), in the order of the chain's catalogue.
export const kAuditKinds = [
  "login",
  "login_failed",
  "logout",
  "user_added",
  "user_changed",
  "user_disabled",
  "password_reset",
  "password_changed",
  "entry_claimed",
  "entry_saved",
  "entry_finalised",
  "entry_discarded",
  "resolution",
  "approval",
  "correction",
  "scan_uploaded",
  "publication",
] as const;
export type AuditKind = (typeof kAuditKinds)[number];

// One event of GET /audit: an entry of the store's hash chain.
export interface AuditRow {
  entry: number;
  kind: AuditKind;
  user: string;
  commission: string;
  time: string; // ISO 8601, UTC, to the second
  address: string;
  details: Record<string, string>;
}

export interface AuditFilter {
  commission?: string;
  kind?: AuditKind;
  user?: string;
  from?: string; // "2026-12-07T02:00:00Z"
  to?: string;
}

export function getAudit(filter: AuditFilter): Promise<{ events: AuditRow[] }> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (typeof value === "string" && value !== "") query.set(name, value);
  }
  const text = query.toString();
  return request<{ events: AuditRow[] }>(`${kApiBase}/audit${text === "" ? "" : `?${text}`}`);
}

// --- Users -----------------------------------------------------------------------------------

export const kRoles: readonly Role[] = ["administrator", "chair", "coordinator", "typist", "observer"];

// One account of GET /users.
export interface UserRow {
  id: string;
  login: string;
  name: string;
  role: Role;
  commission: string;
  disabled: boolean;
  must_change_password: boolean;
  version: number; // for If-Match on a change
}

export interface NewUser {
  login: string;
  name: string;
  role: Role;
  commission: string;
  password: string; // the first password; the user must change it at the first login
}

const kUserId = /^[A-Za-z0-9_-]+$/;

function userPath(id: string): string {
  if (!kUserId.test(id)) throw new ApiError(0, "invalid_argument", `bad user id ${id}`, null);
  return `${kApiBase}/users/${id}`;
}

export function getUsers(): Promise<UserRow[]> {
  return request<UserRow[]>(`${kApiBase}/users`);
}

export function addUser(user: NewUser): Promise<UserRow> {
  return request<UserRow>(`${kApiBase}/users`, { method: "POST", body: user });
}

// PUT /users/{id}: a new first password (the user must change it at the next login).
export function resetPassword(id: string, version: number, password: string): Promise<UserRow> {
  return request<UserRow>(userPath(id), { method: "PUT", ifMatch: version, body: { password } });
}

// DELETE /users/{id}: disables the account (nothing is deleted; its sessions end).
export function disableUser(id: string, version: number): Promise<UserRow> {
  return request<UserRow>(userPath(id), { method: "DELETE", ifMatch: version });
}
