// The browser tests: Debian's chromium driven by playwright-core against `vite preview` of the
// built application, the API answered by Playwright's route interception (tests/browser/mock_api.ts).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/browser/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/browser/global_setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
