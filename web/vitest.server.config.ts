// Whole flows in Debian's chromium against a real `esep serve` (tests/server/): the built
// application served by the server itself, over a store made by the esep binary.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/server/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/server/global_setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
