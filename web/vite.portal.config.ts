// The build of the public results portal (docs/portal.md): a static application that reads only
// the files of a published snapshot. Built into dist-portal/ with relative asset paths, so the
// directory is copied as it is into a SITE root next to current.json and served by any web server.
import { defineConfig } from "vite";

export default defineConfig({
  root: "portal",
  // Relative URLs: the portal works from any path the site is served under.
  base: "./",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "../dist-portal",
    emptyOutDir: true,
    target: "es2020",
    // No inline <script> or data: URLs: the shipped nginx config sends CSP `default-src 'self'`.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  preview: { host: "127.0.0.1", strictPort: true },
});
