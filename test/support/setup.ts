import { afterEach, beforeEach, vi } from "vitest";

// A console.error during a test is a bug we have not noticed yet: fail the test.
let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockRestore();
  if (calls.length > 0) {
    throw new Error(`console.error was called during the test:\n${calls.map((call: unknown[]) => call.join(" ")).join("\n")}`);
  }
});
