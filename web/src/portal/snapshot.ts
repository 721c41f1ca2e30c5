// The one module that reads the published snapshot (docs/formats/snapshot.md): current.json,
// then the files of version N under v/N/. Every file name comes from current.json's `path` and
// election.json's lists; the portal never builds a name from an id. Each file is fetched once
// per page load (a version never changes, so the browser's and a CDN's caches may keep it).
//
// The types name only the members the portal reads; snapshot.schema.json has the rest.

export type Status = "preliminary" | "final";

export interface Current {
  version: number;
  path: string;
  published_at: string;
  status: Status;
  manifest_sha256: string;
}

export interface Party {
  id: string;
  name: string;
  short_name: string;
  ballot_number: number;
}

export interface TerritorialEntry {
  id: string;
  name: string;
  file: string;
  protocols_file: string;
}

export interface RegionEntry {
  id: string;
  name: string;
  file: string;
  territorial: TerritorialEntry[];
}

export interface DistrictEntry {
  number: number;
  region_id: string;
  file: string;
}

export interface Election {
  id: string;
  title: string;
  date: string;
  synthetic: boolean;
  parties: Party[];
  regions: RegionEntry[];
  districts: DistrictEntry[];
  turnout_file: string;
}

// turnout.json (docs/formats/snapshot.md, "Turnout by hour"): one entry per report time.
export interface TurnoutAtTime {
  time: string;
  precincts: number;
  voters: number;
  precincts_with_protocol: number;
  voters_with_protocol: number;
  registered: number;
  percent: string; // exact, two decimals, or "–" when no reporting precinct's protocol is in
}

export interface TurnoutUnit {
  unit_id: string;
  by_time: TurnoutAtTime[];
}

export interface TurnoutFile {
  times: string[];
  national: TurnoutUnit;
  regions: TurnoutUnit[];
  territorial: Array<TurnoutUnit & { region_id: string }>;
}

// The ballot account's keys in the paper protocol's order.
export const kBallotAccountKeys = [
  "voters_on_list",
  "voters_added_on_day",
  "ballots_received",
  "ballots_issued_premises",
  "ballots_issued_mobile",
  "ballots_issued_absentee",
  "ballots_unused",
  "ballots_spoiled",
  "ballots_in_stationary_boxes",
  "ballots_in_mobile_boxes",
  "invalid_ballots",
  "valid_ballots",
] as const;
export type BallotAccountKey = (typeof kBallotAccountKeys)[number];
export type BallotAccount = Record<BallotAccountKey, number>;

export interface ResultRow {
  level: string;
  unit_id: string;
  unit_name: string;
  contest: string;
  protocols: number;
  expected: number;
  status: Status;
  ballot_account: BallotAccount;
  choices: Array<{ name: string; votes: number }>;
  against_all: number;
  turnout_percent: string;
  turnout_reported_during_day: number | null;
}

export interface Fraction {
  decimal: string;
}

export interface PartyAllocation {
  party: string;
  votes: number;
  percent: string;
  admitted: boolean;
  quotient: Fraction;
  whole_seats: number;
  remainder: Fraction;
  remainder_seats: number;
  seats: number;
}

export interface ListAllocation {
  allocation: PartyAllocation[];
  quota: Fraction;
  rules: { seats: number; threshold_percent: string; method: string };
  steps: Array<{ kind: string; text: string }>;
  totals: { threshold_base: number; admitted_votes: number };
}

export interface CompositionRow {
  affiliation: string;
  list_seats: number;
  district_seats: number;
  vacant: number;
  total: number;
}

export interface DistrictOutcome {
  number: number;
  counted: boolean;
  candidates: Array<{ name: string; affiliation: string; votes: number }>;
  against_all: number;
  outcome: string;
  winner: string;
  runner_up: string;
  margin: number;
  steps: string[];
}

export interface National {
  status: Status;
  preliminary_reasons: string[];
  row: ResultRow;
  list_allocation: ListAllocation | null;
  list_unavailable: string;
  composition: CompositionRow[];
  districts: DistrictOutcome[];
  regions: ResultRow[];
  district_rows: ResultRow[];
}

export interface Region {
  row: ResultRow;
  territorial: ResultRow[];
  districts: number[];
}

export interface District {
  row: ResultRow;
  outcome: DistrictOutcome;
}

export interface Territorial {
  row: ResultRow;
  protocols_file: string;
  precincts: ResultRow[];
}

export interface Decision {
  number: string;
  date: string;
  commission: string;
  reason: string;
}

export type ProtocolFigures = Partial<BallotAccount> & {
  commission_id: string;
  contest: string;
  district: number;
  choice_votes: number[];
  against_all: number;
  turnout_reported_during_day?: number | null;
  decision?: Decision;
};

export interface Finding {
  rule_id: string;
  severity: string;
  location: string;
  left: number;
  right: number;
  message: string;
}

export interface ProtocolVersion {
  version: number;
  source: string;
  protocol: ProtocolFigures;
  findings: Finding[];
}

export interface Protocol {
  commission_id: string;
  contest: string;
  open_correction: boolean;
  versions: ProtocolVersion[];
  scans: Array<{ sha256: string; media_type: string; bytes: number }>;
}

export interface Protocols {
  protocols: Protocol[];
}

export interface Progress {
  units: Array<{ level: string; unit_id: string; contest: string; protocols: number; expected: number; status: Status }>;
}

export interface Manifest {
  version: number;
  status: Status;
  chain_head: string;
  public_key: string | null;
  signature: string | null;
  published_at: string;
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

// The parts of `esep audit --format json` (docs/forensics.md) the integrity page shows.
export interface AuditSection {
  id: string;
  title: string;
  available: boolean;
  flagged: boolean;
  p_value?: number | null;
  precincts?: number;
  share?: string;
  high_count?: number;
  mean_share?: number;
  median?: { share: number };
  p99?: { share: number };
  flagged_count?: number;
  tested_count?: number;
  too_small?: number;
  commission_count?: number;
}

export interface Audit {
  audit: {
    precinct_suite: {
      precincts: number;
      synthetic: boolean;
      sections: AuditSection[];
      descriptive?: { pearson_r_turnout_leader_share: number | null; full_turnout: number; corner: { precincts: number; share_at_least_percent?: number } };
    };
    store: {
      problems: number;
      submissions: { accepted: number; rejected: number };
      summary_differences: Array<{ commission: string; contest: string; text: string }>;
      open_corrections: unknown[];
    };
  };
}

export class SnapshotError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    super(`${path}: ${status}`);
  }
}

const cache = new Map<string, Promise<unknown>>();

// The JSON file at `path`, relative to the portal's own address. current.json is revalidated on
// every load; the version's files are immutable and fetched as the cache allows.
async function fetchJson<T>(path: string, revalidate = false): Promise<T> {
  const response = await fetch(path, revalidate ? { cache: "no-cache" } : {});
  if (!response.ok) throw new SnapshotError(path, response.status);
  return (await response.json()) as T;
}

export function loadCurrent(): Promise<Current> {
  let pending = cache.get("current.json") as Promise<Current> | undefined;
  if (pending === undefined) {
    pending = fetchJson<Current>("current.json", true);
    cache.set("current.json", pending);
    // A failed load is tried again on the next navigation, not remembered.
    pending.catch(() => cache.delete("current.json"));
  }
  return pending;
}

// The immutable file at `path`, fetched once per page load.
function loadPath<T>(path: string): Promise<T> {
  let pending = cache.get(path) as Promise<T> | undefined;
  if (pending === undefined) {
    pending = fetchJson<T>(path);
    cache.set(path, pending);
    pending.catch(() => cache.delete(path));
  }
  return pending;
}

// The file `name` (as listed by election.json, or a fixed name of the format) of the current
// version.
export async function loadFile<T>(name: string): Promise<T> {
  const current = await loadCurrent();
  return loadPath<T>(`${current.path}${name}`);
}

// The directory of an earlier version `version`: the format keeps every version at `v/N/`
// (snapshot.md, "A site"), so it is current.json's path with its number replaced.
export function versionPath(current: Current, version: number): string {
  return current.path.replace(/[0-9]+\/$/, `${version}/`);
}

// The file `name` of the version `version`, fetched only when a reader asks to compare with it.
// A version never changes, so it is cached like the current one's files; a version pruned from
// the server answers 404, which the caller says plainly (SnapshotError.status).
export async function loadVersionFile<T>(version: number, name: string): Promise<T> {
  return loadPath<T>(`${versionPath(await loadCurrent(), version)}${name}`);
}

// The fixed names of the format (snapshot.md, "A version").
export const kFiles = {
  election: "election.json",
  national: "national.json",
  progress: "progress.json",
  audit: "audit.json",
  manifest: "manifest.json",
  results: "results.json",
  downloads: ["downloads/precincts.csv", "downloads/precincts.json", "downloads/protocols.jsonl", "downloads/err.json"],
} as const;
