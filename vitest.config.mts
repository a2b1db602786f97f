import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // The attack suite (test/disclosure) is part of every run; `npm run test:disclosure` runs it alone.
    exclude: [...configDefaults.exclude],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration files each start a server process.
    maxWorkers: 2,
  },
});
