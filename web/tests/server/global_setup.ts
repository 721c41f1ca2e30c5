// Real `esep serve`s for the whole-flow browser tests (real_server.test.ts, session.test.ts): a
// SYNTHETIC generated election in a new store with its definition and no protocol, the accounts
// of three territorial commissions made with `esep users add`, and the server on a free loopback
// port serving web/dist; and a second server over a second store made the same way, with an idle
// limit of 10 seconds (`--session-idle 10`), for a session that ends mid-entry. Everything lives
// in a temporary directory, removed afterwards.
//
// The esep binary: $ESEP_BIN, else ../build/esep (make build).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { TestProject } from "vitest/node";
import { freePort } from "../free_port";

const kWebRoot = fileURLToPath(new URL("../..", import.meta.url));
export const kFirstPassword = "first password given by the admin";

export interface ServerFixture {
  baseUrl: string;
  esep: string;
  store: string;
  work: string;
  territorial: string; // the commission of the first team
  otherTerritorial: string; // a commission of another branch
  precinct: string; // a precinct of `territorial`
  values: Record<string, number>; // its party-list protocol as generated (the "paper")
  // A third territorial commission, of yet another region, for the summary and correction
  // flows: its precincts (at least three) with their party-list protocols as generated.
  team: string;
  teamPrecincts: Array<{ precinct: string; values: Record<string, number> }>;
  // The second server: the same election and accounts in a store of its own, idle limit
  // kIdleSeconds.
  idleBaseUrl: string;
  idleStore: string;
}

export const kIdleSeconds = 10;

declare module "vitest" {
  export interface ProvidedContext {
    server: ServerFixture;
  }
}

function csvRows(path: string): string[][] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(","));
}

// `esep serve` over `store` on a free loopback port, once it answers.
async function startServer(
  esep: string,
  store: string,
  extra: string[],
): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn(
    esep,
    ["serve", "--db", store, "--listen", `127.0.0.1:${port}`, "--web", join(kWebRoot, "dist"), ...extra],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const baseUrl = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`esep serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(baseUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 100) throw new Error(`esep serve did not answer at ${baseUrl}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, baseUrl };
}

export default async function setup(project: TestProject): Promise<() => void> {
  const esep = process.env["ESEP_BIN"] ?? join(kWebRoot, "..", "build", "esep");
  if (!existsSync(esep)) throw new Error(`${esep} is missing: build it (make build) or set ESEP_BIN`);
  if (!existsSync(join(kWebRoot, "dist", "index.html"))) throw new Error("web/dist is missing: run make web");
  const work = mkdtempSync(join(tmpdir(), "esep-web-server-"));
  const run = (args: string[], input?: string) =>
    execFileSync(esep, args, { input: input ?? "", stdio: ["pipe", "pipe", "inherit"] }).toString();

  run(["generate", "--precincts", "60", "--seed", "7", "--out", join(work, "election")]);
  mkdirSync(join(work, "definition"));
  for (const name of ["election.json", "commissions.csv"]) {
    copyFileSync(join(work, "election", name), join(work, "definition", name));
  }
  const protocols = csvRows(join(work, "election", "protocols.csv"));
  const header = protocols[0] ?? [];
  writeFileSync(join(work, "definition", "protocols.csv"), `${header.join(",")}\n`);

  // Two territorial commissions of different regions, and the first precinct of the first.
  const commissions = csvRows(join(work, "election", "commissions.csv")).slice(1);
  const territorials = commissions.filter((row) => row[1] === "territorial");
  const territorial = territorials[0]?.[0] ?? "";
  const region = territorials[0]?.[4];
  const otherTerritorial = territorials.find((row) => row[4] !== region)?.[0] ?? "";
  const precinctsOf = (parent: string) =>
    commissions.filter((row) => row[1] === "precinct" && row[2] === parent).map((row) => row[0] ?? "");
  const precinct = precinctsOf(territorial)[0] ?? "";
  const rowOf = (id: string) => protocols.find((cells) => cells[0] === id && cells[1] === "list") ?? [];
  const valuesOf = (id: string) => {
    const row = rowOf(id);
    const values: Record<string, number> = {};
    header.forEach((name, index) => {
      const cell = row[index];
      if (index < 2 || cell === undefined || cell === "") return;
      values[name.startsWith("choice_") ? `choice.${name.slice(7)}` : name] = Number(cell);
    });
    return values;
  };
  const values = valuesOf(precinct);
  // The third: the territorial commission of the others' regions with the most precincts.
  const team =
    territorials
      .map((row) => row[0] ?? "")
      .filter((id) => id !== territorial && id !== otherTerritorial)
      .sort((a, b) => precinctsOf(b).length - precinctsOf(a).length)[0] ?? "";
  const teamPrecincts = precinctsOf(team).map((id) => ({ precinct: id, values: valuesOf(id) }));
  if (teamPrecincts.length < 3) throw new Error(`${team} has fewer than three precincts`);

  // The same protocol alone in a store of its own: what the served result must equal once it
  // is approved.
  mkdirSync(join(work, "direct"));
  for (const name of ["election.json", "commissions.csv"]) {
    copyFileSync(join(work, "election", name), join(work, "direct", name));
  }
  writeFileSync(join(work, "direct", "protocols.csv"), `${header.join(",")}\n${rowOf(precinct).join(",")}\n`);
  run(["import", "--db", join(work, "direct.db"), "--no-progress", join(work, "direct")]);

  const users: Array<[string, string, string]> = [
    ["typist.a", "typist", territorial],
    ["typist.b", "typist", territorial],
    ["coordinator.a", "coordinator", territorial],
    ["chair.a", "chair", territorial],
    ["typist.other", "typist", otherTerritorial],
    ["typist.c1", "typist", team],
    ["typist.c2", "typist", team],
    ["chair.c", "chair", team],
  ];
  // A store with the definition and the accounts, no protocol.
  const makeStore = (store: string) => {
    run(["import", "--db", store, "--no-progress", join(work, "definition")]);
    for (const [login, role, commission] of users) {
      run(["users", "add", "--db", store, "--login", login, "--name", `Test ${login}`, "--role", role,
           "--commission", commission], `${kFirstPassword}\n`);
    }
  };
  const store = join(work, "served.db");
  makeStore(store);
  const idleStore = join(work, "idle.db");
  makeStore(idleStore);

  const served = await startServer(esep, store, []);
  const idle = await startServer(esep, idleStore, ["--session-idle", String(kIdleSeconds)]);
  project.provide("server", {
    baseUrl: served.baseUrl,
    esep,
    store,
    work,
    territorial,
    otherTerritorial,
    precinct,
    values,
    team,
    teamPrecincts,
    idleBaseUrl: idle.baseUrl,
    idleStore,
  });
  return () => {
    served.child.kill("SIGTERM");
    idle.child.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  };
}
