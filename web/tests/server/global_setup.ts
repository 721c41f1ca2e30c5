// A real `esep serve` for the whole-flow browser tests (real_server.test.ts): a SYNTHETIC
// generated election in a new store with its definition and no protocol, the accounts of two
// territorial commissions made with `esep users add`, and the server on a free loopback port
// serving web/dist. Everything lives in a temporary directory, removed afterwards.
//
// The esep binary: $ESEP_BIN, else ../build/esep (make build).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { TestProject } from "vitest/node";

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
}

declare module "vitest" {
  export interface ProvidedContext {
    server: ServerFixture;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function csvRows(path: string): string[][] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(","));
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
  const store = join(work, "served.db");
  run(["import", "--db", store, "--no-progress", join(work, "definition")]);

  // Two territorial commissions of different regions, and the first precinct of the first.
  const commissions = csvRows(join(work, "election", "commissions.csv")).slice(1);
  const territorials = commissions.filter((row) => row[1] === "territorial");
  const territorial = territorials[0]?.[0] ?? "";
  const region = territorials[0]?.[4];
  const otherTerritorial = territorials.find((row) => row[4] !== region)?.[0] ?? "";
  const precinct = commissions.find((row) => row[1] === "precinct" && row[2] === territorial)?.[0] ?? "";
  const row = protocols.find((cells) => cells[0] === precinct && cells[1] === "list") ?? [];
  const values: Record<string, number> = {};
  header.forEach((name, index) => {
    const cell = row[index];
    if (index < 2 || cell === undefined || cell === "") return;
    values[name.startsWith("choice_") ? `choice.${name.slice(7)}` : name] = Number(cell);
  });
  // The same protocol alone in a store of its own: what the served result must equal once it
  // is approved.
  mkdirSync(join(work, "direct"));
  for (const name of ["election.json", "commissions.csv"]) {
    copyFileSync(join(work, "election", name), join(work, "direct", name));
  }
  writeFileSync(join(work, "direct", "protocols.csv"), `${header.join(",")}\n${row.join(",")}\n`);
  run(["import", "--db", join(work, "direct.db"), "--no-progress", join(work, "direct")]);

  const users: Array<[string, string, string]> = [
    ["typist.a", "typist", territorial],
    ["typist.b", "typist", territorial],
    ["coordinator.a", "coordinator", territorial],
    ["chair.a", "chair", territorial],
    ["typist.other", "typist", otherTerritorial],
  ];
  for (const [login, role, commission] of users) {
    run(["users", "add", "--db", store, "--login", login, "--name", `Test ${login}`, "--role", role,
         "--commission", commission], `${kFirstPassword}\n`);
  }

  const port = await freePort();
  const child = spawn(esep, ["serve", "--db", store, "--listen", `127.0.0.1:${port}`, "--web", join(kWebRoot, "dist")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
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
  project.provide("server", { baseUrl, esep, store, work, territorial, otherTerritorial, precinct, values });
  return () => {
    child.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  };
}
