// The portal's browser tests (docs/portal.md): a SYNTHETIC snapshot made with the esep binary
// into a temporary directory — version 1 preliminary (the last 30 precincts late), version 2
// final with a correction of the first protocol by decision 12/45 — the built portal
// (web/dist-portal) copied into the SITE root, and nginx, started here as an ordinary user on a
// free loopback port, serving SITE with the rules shipped in deploy/nginx/esep-portal-site.conf.
//
// The esep binary: $ESEP_BIN, else ../build/esep (make build).
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { TestProject } from "vitest/node";
import { freePort } from "../free_port";

const kWebRoot = fileURLToPath(new URL("../..", import.meta.url));
const kSiteRules = join(kWebRoot, "..", "deploy", "nginx", "esep-portal-site.conf");

export interface PortalFixture {
  baseUrl: string;
  site: string; // the SITE directory nginx serves
  corrected: { precinct: string; territorial: string; region: string }; // the protocol corrected by 12/45
}

declare module "vitest" {
  export interface ProvidedContext {
    portal: PortalFixture;
  }
}

const lines = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n");

// Flagged precincts for the integrity page: the generator never alters election-day additions
// (docs/forensics-indicators.md), so the three precincts with the highest leader share (among
// rows 2 to 250, away from the corrected first protocol and the late ones) get 20 % of their
// voters added on the day, and their territorial and district summary protocols the same
// difference, so the summaries still reconcile. The additions section then lists them as high
// and is flagged (high precincts with a higher leader share than the rest).
function raiseAdditions(protocols: string[], commissions: string[]): string[] {
  const rows = protocols.map((line) => line.split(","));
  const columns = rows[0] ?? [];
  const [list, added, valid, leader] = ["voters_on_list", "voters_added_on_day", "valid_ballots", "choice_1"].map((name) =>
    columns.indexOf(name),
  ) as [number, number, number, number];
  const parent = new Map(commissions.map((line) => line.split(",")).map((row) => [row[0] ?? "", row[2] ?? ""]));
  const share = (row: string[]) => Number(row[leader]) / Number(row[valid]);
  const targets = new Set(
    rows
      .slice(3, 500)
      .filter((row) => row[1] === "list")
      .sort((a, b) => share(b) - share(a))
      .slice(0, 3)
      .map((row) => row[0]),
  );
  const summaries = rows.filter((row) => !(row[0] ?? "").startsWith("PEC"));
  for (const row of rows.slice(1)) {
    if (!targets.has(row[0]) || !(row[0] ?? "").startsWith("PEC")) continue;
    const difference = Math.floor(Number(row[list]) / 5) - Number(row[added]);
    row[added] = String(Number(row[added]) + difference);
    const contest = row[1] ?? "";
    const summary = contest === "list" ? parent.get(row[0] ?? "") : `DEC-${contest.split(":")[1]?.padStart(2, "0")}`;
    for (const other of summaries) {
      if (other[0] === summary && other[1] === contest) other[added] = String(Number(other[added]) + difference);
    }
  }
  return rows.map((row) => row.join(","));
}

// The snapshot of the issue: v/1 preliminary (270 of 300 precincts), v/2 final with the
// correction's history. Returns the corrected protocol's precinct.
function makeSnapshot(esep: string, work: string): string {
  const run = (args: string[]) => execFileSync(esep, args, { stdio: ["ignore", "pipe", "inherit"] }).toString();
  const gen = join(work, "gen");
  const early = join(work, "early");
  // A few leader shares made whole (round): the integer-percentage figures have spikes to show.
  run(["generate", "--precincts", "300", "--seed", "3", "--out", gen, "--summaries", "--inject", "round=0.03"]);
  mkdirSync(early);
  // The turnout reports of election day come with the first import, before any late protocol:
  // version 1 shows precincts that reported turnout but whose protocol is not in.
  for (const name of ["election.json", "commissions.csv", "turnout.csv"]) cpSync(join(gen, name), join(early, name));
  const protocols = raiseAdditions(lines(join(gen, "protocols.csv")), lines(join(gen, "commissions.csv")));
  const header = protocols[0] ?? "";
  // The last 30 precincts (60 protocols: party lists and district) come late.
  writeFileSync(join(early, "protocols.csv"), `${protocols.slice(0, -60).join("\n")}\n`);
  writeFileSync(join(work, "late.csv"), `${[header, ...protocols.slice(-60)].join("\n")}\n`);
  // A correction of the first protocol: one vote moved from list 1 to list 2, with its decision.
  const columns = header.split(",");
  const first = (protocols[1] ?? "").split(",");
  const choice1 = columns.indexOf("choice_1");
  const choice2 = columns.indexOf("choice_2");
  first[choice1] = String(Number(first[choice1]) - 1);
  first[choice2] = String(Number(first[choice2]) + 1);
  writeFileSync(
    join(work, "corrections.csv"),
    `${header},decision_number,decision_date,decision_commission,decision_reason\n` +
      `${first.join(",")},12/45,2023-03-21,TEC 0101,arithmetic error\n`,
  );
  const store = join(work, "r.db");
  const site = join(work, "site");
  run(["import", "--db", store, "--no-progress", early]);
  run(["keys", "generate", "--out", join(work, "cec.key")]);
  run(["publish", "--db", store, "--out", site, "--sign-key", join(work, "cec.key")]);
  run(["import", "--db", store, "--no-progress", join(work, "corrections.csv"), join(work, "late.csv")]);
  run(["publish", "--db", store, "--out", site, "--sign-key", join(work, "cec.key")]);
  return first[0] ?? "";
}

// nginx as an ordinary user: everything it writes (pid, logs, temporary files) under `work`.
function nginxConfig(work: string, site: string, port: number): string {
  return `daemon off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path ${work}/nginx-tmp/body;
    proxy_temp_path ${work}/nginx-tmp/proxy;
    fastcgi_temp_path ${work}/nginx-tmp/fastcgi;
    uwsgi_temp_path ${work}/nginx-tmp/uwsgi;
    scgi_temp_path ${work}/nginx-tmp/scgi;
    server {
        listen 127.0.0.1:${port};
        root ${site};
        include ${kSiteRules};
    }
}
`;
}

export default async function setup(project: TestProject): Promise<() => void> {
  const esep = process.env["ESEP_BIN"] ?? join(kWebRoot, "..", "build", "esep");
  const nginx = process.env["NGINX"] ?? "/usr/sbin/nginx";
  if (!existsSync(esep)) throw new Error(`${esep} is missing: build it (make build) or set ESEP_BIN`);
  if (!existsSync(nginx)) throw new Error(`${nginx} is missing: apt-get install nginx-light (scripts/setup.sh)`);
  if (!existsSync(join(kWebRoot, "dist-portal", "index.html"))) throw new Error("web/dist-portal is missing: npm run build:portal");

  const work = mkdtempSync(join(tmpdir(), "esep-portal-"));
  // Readable by nginx's worker, which runs as `nobody` when the tests run as root.
  chmodSync(work, 0o755);
  const precinct = makeSnapshot(esep, work);
  const site = join(work, "site");
  cpSync(join(kWebRoot, "dist-portal"), site, { recursive: true });

  // The corrected precinct's territorial commission and region, from the definition.
  const commissions = lines(join(work, "gen", "commissions.csv")).map((line) => line.split(","));
  const parentOf = (id: string) => commissions.find((row) => row[0] === id)?.[2] ?? "";
  const territorial = parentOf(precinct);
  const election = JSON.parse(readFileSync(join(site, "v", "2", "election.json"), "utf8")) as {
    regions: Array<{ id: string; territorial: Array<{ id: string }> }>;
  };
  const region = election.regions.find((entry) => entry.territorial.some((t) => t.id === territorial))?.id ?? "";

  mkdirSync(join(work, "nginx-tmp"));
  const port = await freePort();
  writeFileSync(join(work, "nginx.conf"), nginxConfig(work, site, port));
  const child = spawn(nginx, ["-p", `${work}/`, "-c", join(work, "nginx.conf"), "-e", join(work, "nginx-error.log")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) {
      throw new Error(`nginx exited with ${child.exitCode}: ${readFileSync(join(work, "nginx-error.log"), "utf8")}`);
    }
    try {
      if ((await fetch(`${baseUrl}current.json`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 100) {
      child.kill("SIGQUIT");
      throw new Error(`nginx did not answer at ${baseUrl}: ${readFileSync(join(work, "nginx-error.log"), "utf8").slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  project.provide("portal", { baseUrl, site, corrected: { precinct, territorial, region } });
  return () => {
    child.kill("SIGQUIT");
    rmSync(work, { recursive: true, force: true });
  };
}
