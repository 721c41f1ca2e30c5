// The one module that talks to `esep serve`: every route the web application uses, its JSON
// shapes and its errors, as docs/api.md defines them. Where the server's JSON and the screens'
// shapes differ (the server's user has login_name and display_name; a command answers only the
// protocol's status and version), the mapping is here, so the screens never see the wire.
//
// All requests go to the same origin under /api/v1 with the session cookie; bodies are JSON.
// A 4xx/5xx answer becomes an ApiError carrying the server's {"error": {code, message, field}}.

export const kApiBase = "/api/v1";

// --- Shapes ----------------------------------------------------------------------------------

export type Role = "administrator" | "chair" | "coordinator" | "typist" | "observer";

// GET /auth/me: the logged-in user.
export interface Me {
  id: string;
  login: string;
  name: string;
  commission: string;
  role: Role;
  // A first password (set by an administrator) must be changed before anything else.
  must_change_password: boolean;
}

// A user as the server writes it (docs/api.md).
export interface ServerUser {
  id: string;
  login_name: string;
  display_name: string;
  role: Role;
  commission: string;
  disabled: boolean;
  must_change_password: boolean;
  version: number;
}

function toMe(user: ServerUser): Me {
  return {
    id: user.id,
    login: user.login_name,
    name: user.display_name,
    commission: user.commission,
    role: user.role,
    must_change_password: user.must_change_password,
  };
}

export interface Contest {
  kind: "list" | "district";
  district: number; // 0 for the party list
}

// One line of the paper form. `number` is the line's number on the paper; lines come in the
// paper's order. `key` names the figure (voters_on_list, ..., choice.N, against_all,
// turnout_reported_during_day); `label` is English, the app translates by key.
export interface FormLine {
  number?: number | null; // none (null) for the daytime turnout, which is not a numbered line
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

// An entry of a protocol: GET /protocols/{id}/entries/{1|2}. `state` is "empty" (not claimed
// yet), "in_progress" or "finalised"; `version` is the protocol's (for If-Match).
export interface Entry {
  protocol: string;
  entry: EntryNumber;
  state: "empty" | "in_progress" | "finalised";
  version: number;
  typist: string | null;
  values: Values;
  acknowledged_warnings: string[];
}

// Whether the typist may still type into an entry in `state`.
export function isEditable(state: string): boolean {
  return state === "empty" || state === "in_progress";
}

// What every command answers: where the protocol now stands.
export interface Standing {
  protocol: string;
  status: string;
  version: number;
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

  // An approval refused for want of a decision: a summary protocol that differs from the sum of
  // its precinct protocols (422, field "decision").
  get needsDecision(): boolean {
    return this.status === 422 && (this.field === "decision" || (this.field ?? "").startsWith("decision."));
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

// Called with the seconds left in the session, from every authenticated answer's
// X-Esep-Session-Seconds header (session.ts shows the countdown).
let onSessionSeconds: (seconds: number) => void = () => {};

export function setSessionSecondsListener(listener: (seconds: number) => void): void {
  onSessionSeconds = listener;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  raw?: Blob; // sent as it is, with its own type (a scan), instead of a JSON body
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
  } else if (options.raw !== undefined) {
    headers["Content-Type"] = options.raw.type;
    init.body = options.raw;
  }
  if (options.ifMatch !== undefined) headers["If-Match"] = `"${options.ifMatch}"`;
  if (options.signal !== undefined) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, "network_error", String(cause), null);
  }
  const seconds = response.headers.get("X-Esep-Session-Seconds");
  if (seconds !== null && /^\d+$/.test(seconds)) onSessionSeconds(Number(seconds));
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
interface SessionAnswer {
  user: ServerUser;
  session_seconds_left: number;
}

export async function login(user: string, password: string): Promise<Me> {
  const answer = await request<SessionAnswer>(`${kApiBase}/auth/login`, {
    method: "POST",
    body: { login_name: user, password },
  });
  onSessionSeconds(answer.session_seconds_left);
  return toMe(answer.user);
}

export async function logout(): Promise<void> {
  await request<unknown>(`${kApiBase}/auth/logout`, { method: "POST", body: {} });
}

// GET /auth/me; null when there is no session (401).
export async function me(): Promise<Me | null> {
  try {
    const answer = await request<SessionAnswer>(`${kApiBase}/auth/me`);
    onSessionSeconds(answer.session_seconds_left);
    return toMe(answer.user);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

// PUT /auth/me: the forced change of a first password (and any later change).
export async function changePassword(currentPassword: string, newPassword: string): Promise<Me> {
  const answer = await request<SessionAnswer>(`${kApiBase}/auth/me`, {
    method: "PUT",
    body: { current_password: currentPassword, password: newPassword },
  });
  return toMe(answer.user);
}

// --- Protocols and entries -------------------------------------------------------------------

export async function getRatios(): Promise<Ratio[]> {
  return (await request<{ ratios: Ratio[] }>(`${kApiBase}/ratios`)).ratios;
}

export function getForm(protocol: string): Promise<ProtocolForm> {
  return request<ProtocolForm>(`${protocolPath(protocol)}/form`);
}

// The entry, or — when it has not been claimed yet (404) — an "empty" entry carrying the
// protocol's version, which the claim needs for If-Match.
export async function getEntry(protocol: string, entry: EntryNumber): Promise<Entry> {
  try {
    const answer = await request<Entry & { status: string }>(`${protocolPath(protocol)}/entries/${entry}`);
    return {
      protocol: answer.protocol,
      entry,
      state: answer.state === "in_progress" ? "in_progress" : "finalised",
      version: answer.version,
      typist: answer.typist,
      values: answer.values,
      acknowledged_warnings: answer.acknowledged_warnings,
    };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const commission = protocol.split(":")[0] ?? "";
    const row = (await getProtocols(commission)).find((candidate) => candidate.protocol === protocol);
    if (row === undefined) throw error;
    return {
      protocol,
      entry,
      state: "empty",
      version: row.version,
      typist: null,
      values: {},
      acknowledged_warnings: [],
    };
  }
}

// POST .../claim with the protocol's version: the typist takes an entry; only they may then save
// or finalise it. Returns the claimed entry.
export async function claimEntry(protocol: string, entry: EntryNumber, version: number): Promise<Entry> {
  await request<Standing>(`${protocolPath(protocol)}/entries/${entry}/claim`, {
    method: "POST",
    ifMatch: version,
  });
  return getEntry(protocol, entry);
}

// PUT .../entries/{n}: saves the figures as typed. `version` is the version the browser last
// saw; a stale one gets a 412 (ApiError.isConflict). The acknowledged warnings are sent when
// the entry is finalised.
export function saveEntry(protocol: string, entry: EntryNumber, version: number, values: Values): Promise<Standing> {
  return request<Standing>(`${protocolPath(protocol)}/entries/${entry}`, {
    method: "PUT",
    ifMatch: version,
    body: { values },
  });
}

// POST .../finalise: the typist declares the entry complete. The server re-checks the ratios
// and decides.
export function finaliseEntry(
  protocol: string,
  entry: EntryNumber,
  version: number,
  acknowledgedWarnings: string[],
): Promise<Standing> {
  return request<Standing>(`${protocolPath(protocol)}/entries/${entry}/finalise`, {
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
  // The commission's level ("precinct", "territorial", ...): any but "precinct" is a summary.
  level?: string;
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

export async function getProtocols(commission: string): Promise<ProtocolRow[]> {
  return (await request<{ protocols: ProtocolRow[] }>(`${commissionPath(commission)}/protocols`)).protocols;
}

export async function getProgress(commission: string): Promise<Progress> {
  if (!isCommissionId(commission)) {
    throw new ApiError(0, "invalid_argument", `bad commission id ${commission}`, null);
  }
  const answer = await request<Record<ProgressGroup, number> & { commission: string; total: number }>(
    `${kApiBase}/progress?commission=${encodeURIComponent(commission)}`,
  );
  const counts = {} as Record<ProgressGroup, number>;
  for (const group of kProgressGroups) counts[group] = answer[group] ?? 0;
  return { commission: answer.commission, total: answer.total, counts };
}

// GET /events?commission=: Server-Sent Events; a "protocol" event for every command on a
// protocol of the commission or below.
export function eventsPath(commission: string): string {
  return `${kApiBase}/events?commission=${encodeURIComponent(commission)}`;
}

// --- Differences, resolution, approval -------------------------------------------------------

// GET /protocols/{id}/differences: both finalised entries side by side, for the coordinator.
export interface Differences {
  protocol: string;
  version: number; // the protocol's version, for If-Match on the resolution
  status: EntryStatus;
  first: Values;
  second: Values;
  differences: string[]; // line keys, in the paper's order
  scan?: string | null; // SHA-256 of the protocol's scan, when one is attached
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
export function resolve(protocol: string, version: number, resolution: Resolution): Promise<Standing> {
  return request<Standing>(`${protocolPath(protocol)}/resolution`, {
    method: "POST",
    ifMatch: version,
    body: { resolution },
  });
}

// A commission's decision, as the paper records it: its number ("12/45"), its date
// ("2026-12-08"), the commission that took it and the reason. It opens a correction of an
// approved protocol, or explains why a summary protocol differs from the sum of its precincts.
export interface Decision {
  number: string;
  date: string;
  commission: string;
  reason: string;
}

export const kDecisionFields = ["number", "date", "commission", "reason"] as const;
export type DecisionField = (typeof kDecisionFields)[number];

// POST /protocols/{id}/approve: the chair approves a definitive protocol. A summary protocol
// whose figures differ from the sum of its accepted precinct protocols needs the decision that
// explains the difference (without it: 422 failed_precondition, field "decision"); a precinct
// protocol never does.
export function approve(protocol: string, version: number, decision?: Decision): Promise<Standing> {
  return request<Standing>(`${protocolPath(protocol)}/approve`, {
    method: "POST",
    ifMatch: version,
    ...(decision !== undefined ? { body: { decision } } : {}),
  });
}

// POST /protocols/{id}/corrections: the chair opens a correction of an approved protocol by a
// decision (all four fields). The protocol goes back to "empty" for a new double entry; the
// approved version stays in force until the corrected one is approved.
export function correct(protocol: string, version: number, decision: Decision): Promise<Standing> {
  return request<Standing>(`${protocolPath(protocol)}/corrections`, {
    method: "POST",
    ifMatch: version,
    body: { decision },
  });
}

// --- Summary protocols against their precincts ----------------------------------------------

// One line of a summary protocol beside the sum of its accepted precinct protocols. `summary`
// is null when nothing is compared (or the line is blank).
export interface SummaryLine {
  key: string;
  summary: number | null;
  children: number | null;
}

// Which of the summary's values are compared: the definitive ones (both entries identical,
// awaiting approval), the approved version in force, or none yet.
export type Compared = "definitive" | "approved" | "none";

// One summary protocol of GET /commissions/{id}/summary.
export interface Summary {
  protocol: string;
  commission: string;
  contest: Contest;
  status: EntryStatus;
  version: number;
  compared: Compared;
  children: number; // precinct protocols accepted (approved) so far
  expected: number; // precinct protocols the unit will have
  matches: boolean;
  lines: SummaryLine[]; // in the paper's order
  differences: string[]; // keys where summary and children differ (none when compared is "none")
  description: string; // the server's English sentence
}

// GET /commissions/{id}/summary: each summary protocol of a higher commission against the sum
// of the accepted precinct protocols below it; none for a precinct commission.
export async function getSummaries(commission: string): Promise<Summary[]> {
  return (await request<{ commission: string; summaries: Summary[] }>(`${commissionPath(commission)}/summary`))
    .summaries;
}

// --- Versions and corrections ----------------------------------------------------------------

// One approved version of a protocol. `decision`: the correction decision that opened the cycle
// that produced it (null for the first); `reconciliation`: the decision that explained a
// summary's difference at its approval; `changed`: keys that differ from the previous version.
export interface ProtocolVersion {
  number: number;
  values: Values;
  first_typist: string | null;
  second_typist: string | null;
  approved_by: string | null;
  decision: Decision | null;
  reconciliation: Decision | null;
  changed: string[];
}

// GET /protocols/{id}/versions. `correction`: the decision of a correction cycle under way.
// `pending` / `pending_changed`: when the status is "definitive", the values awaiting approval
// and where they differ from the version in force (null / [] otherwise).
export interface VersionHistory {
  protocol: string;
  status: EntryStatus;
  version: number;
  correction: Decision | null;
  pending: Values | null;
  pending_changed: string[];
  versions: ProtocolVersion[]; // oldest first
}

export function getVersions(protocol: string): Promise<VersionHistory> {
  return request<VersionHistory>(`${protocolPath(protocol)}/versions`);
}

// GET /scans/{sha256}: the scan's URL (an <img> or a link loads it with the session cookie).
export function scanUrl(sha256: string): string | null {
  return /^[0-9a-f]{64}$/.test(sha256) ? `${kApiBase}/scans/${sha256}` : null;
}

// A scan attached to a protocol: GET /protocols/{id}/scans, oldest first.
export interface ScanInfo {
  protocol: string;
  sha256: string;
  media_type: string; // image/jpeg, image/png or application/pdf
  bytes: number;
  uploaded_by: string;
  uploaded_at: string;
}

export const kScanTypes = ["image/jpeg", "image/png", "application/pdf"] as const;
export const kScanMaxBytes = 10 * 1024 * 1024;

export async function listScans(protocol: string): Promise<ScanInfo[]> {
  return (await request<{ scans: ScanInfo[] }>(`${protocolPath(protocol)}/scans`)).scans;
}

// POST /protocols/{id}/scans: the file's bytes as they are, with its media type. The server
// checks the type against the bytes and keeps the SHA-256 in the record.
export function uploadScan(protocol: string, file: Blob): Promise<ScanInfo> {
  return request<ScanInfo>(`${protocolPath(protocol)}/scans`, { method: "POST", raw: file });
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
  client_address?: string; // shown to administrators only
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

function toUserRow(user: ServerUser): UserRow {
  return {
    id: user.id,
    login: user.login_name,
    name: user.display_name,
    role: user.role,
    commission: user.commission,
    disabled: user.disabled,
    must_change_password: user.must_change_password,
    version: user.version,
  };
}

export async function getUsers(): Promise<UserRow[]> {
  return (await request<{ users: ServerUser[] }>(`${kApiBase}/users`)).users.map(toUserRow);
}

export async function addUser(user: NewUser): Promise<UserRow> {
  return toUserRow(
    await request<ServerUser>(`${kApiBase}/users`, {
      method: "POST",
      body: {
        login_name: user.login,
        display_name: user.name,
        role: user.role,
        commission: user.commission,
        password: user.password,
      },
    }),
  );
}

// PUT /users/{id}: a new first password (the user must change it at the next login).
export async function resetPassword(id: string, version: number, password: string): Promise<UserRow> {
  return toUserRow(await request<ServerUser>(userPath(id), { method: "PUT", ifMatch: version, body: { password } }));
}

// DELETE /users/{id}: disables the account (nothing is deleted; its sessions end).
export async function disableUser(id: string, version: number): Promise<UserRow> {
  return toUserRow(await request<ServerUser>(userPath(id), { method: "DELETE", ifMatch: version }));
}
