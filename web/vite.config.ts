// The build of esep's web application. Everything the page needs is bundled into dist/: no CDN,
// nothing fetched at run time but the API (same origin, so CSP `default-src 'self'` holds).
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Preact's JSX through esbuild: no Babel, no React compatibility layer.
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    // No inline <script> or data: URLs: the server's CSP is `default-src 'self'`.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
  preview: { host: "127.0.0.1", strictPort: true },
});
