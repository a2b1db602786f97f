import { readFileSync } from "node:fs";

/**
 * User + system CPU time of a process so far, ms, from Linux /proc (in 10 ms ticks), or null where it
 * cannot be read: the benchmarks read it for the app server and PostgreSQL's backends, whose CPU
 * time process.cpuUsage() cannot see.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields 14 and 15 (utime, stime), counted after the parenthesised command name.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
