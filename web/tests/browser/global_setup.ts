// Serves the built application (dist/, from `npm run build`) with `vite preview` on loopback for
// the browser tests, and stops it afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const kPreviewPort = Number(process.env["ESEP_WEB_PORT"] ?? "4917");
const kWebRoot = fileURLToPath(new URL("../..", import.meta.url));

async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

export default async function setup(): Promise<() => void> {
  if (!existsSync(`${kWebRoot}/dist/index.html`)) {
    throw new Error("web/dist is missing: run `npm run build` (or `make web`) first");
  }
  const child = spawn(
    process.execPath,
    [`${kWebRoot}/node_modules/vite/bin/vite.js`, "preview", "--port", String(kPreviewPort)],
    { cwd: kWebRoot, stdio: ["ignore", "ignore", "inherit"] },
  );
  await waitForServer(`http://127.0.0.1:${kPreviewPort}/`, child);
  return () => {
    child.kill("SIGTERM");
  };
}
