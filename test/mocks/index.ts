/**
 * One msw server composed of one handler file per external service (GOV.UK Notify is the only one).
 * Tests start it themselves; a server or the command line started with MOCKS=true calls
 * startMockServer() so that nothing it sends leaves the machine.
 */
import { setupServer } from "msw/node";
import { MOCK_NOTIFY_ENV, notifyHandlers } from "./notify";

export const mockServer = setupServer(...notifyHandlers);

/**
 * Starts the stand-ins for this process, and gives any NOTIFY_* variable left unset the stand-in's
 * value, so that `MOCKS=true npm start` sends (to the stand-in) with no further setup.
 */
export function startMockServer(): void {
  for (const [name, value] of Object.entries(MOCK_NOTIFY_ENV)) {
    if (!process.env[name]) process.env[name] = value;
  }
  mockServer.listen({ onUnhandledRequest: "warn" });
  // On stderr, so command-line output (exports to stdout) stays clean.
  console.warn("MOCKS=true: GOV.UK Notify is replaced by the stand-in in test/mocks");
}
