import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { MOCK_NOTIFY_ENV } from "../mocks/notify";

export interface RunningServer {
  baseUrl: string;
  stop: () => Promise<void>;
  output: () => string;
}

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Starts the built app (`npm run build` first) as its own process on a free port, as production runs
 * it, with MOCKS=true: pass MOCKS_NOTIFY_DIR to read back the emails it sent (readRecordedEmails).
 */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: "test-session-secret-of-at-least-32-characters",
      PSEUDONYM_SECRET: "test-pseudonym-secret-of-at-least-32-characters",
      PORT: "0",
      TRUST_PROXY: "loopback",
      // Email goes to the msw stand-in for Notify started inside the server process (test/mocks).
      ...MOCK_NOTIFY_ENV,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start:\n${log}`)), 20_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code}:\n${log}`));
    });
  });
  return {
    baseUrl,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
