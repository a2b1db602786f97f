import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { MOCK_NOTIFY_ENV } from "../mocks/notify";

export interface RunningServer {
  baseUrl: string;
  /** The server process, e.g. to read its memory use from /proc. */
  pid: number;
  stop: () => Promise<void>;
  output: () => string;
}

const ROOT = path.resolve(__dirname, "..", "..");

/** A port nobody is listening on now (the server needs to know its own origin before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("No free port"))));
    });
  });
}

/**
 * Starts the built app (`npm run build` first) as its own process on a free port, as production runs
 * it, with MOCKS=true: pass MOCKS_NOTIFY_DIR to read back the emails it sent (readRecordedEmails).
 */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = env.PORT ?? String(await freePort());
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts", "server.mjs")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: "test-session-secret-of-at-least-32-characters",
      PSEUDONYM_SECRET: "test-pseudonym-secret-of-at-least-32-characters",
      PORT: port,
      // The origin browsers use; every POST's Origin must match it (the test client sends baseUrl).
      APP_ORIGIN: `http://localhost:${port}`,
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
    pid: child.pid!,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
