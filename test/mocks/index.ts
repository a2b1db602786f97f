/**
 * One msw server composed of one handler file per external service (GOV.UK Notify is the only one).
 * Tests start it themselves; a server or the command line started with MOCKS=true calls
 * startMockServer() so that nothing it sends leaves the machine.
 */
import { setupServer } from "msw/node";
import { notifyHandlers } from "./notify";

export const mockServer = setupServer(...notifyHandlers);

export function startMockServer(): void {
  mockServer.listen({ onUnhandledRequest: "warn" });
  // On stderr, so command-line output (exports to stdout) stays clean.
  console.warn("MOCKS=true: GOV.UK Notify is replaced by the stand-in in test/mocks");
}
