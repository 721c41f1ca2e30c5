// The portal's browser tests (tests/portal/): Debian's chromium against the built portal
// (dist-portal/) served by nginx with deploy/nginx/'s rules over a snapshot made by the esep binary.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/portal/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/portal/global_setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
