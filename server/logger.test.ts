import { execFileSync } from "node:child_process";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildLogger, createLogger, jobLogger } from "./logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe("logger", () => {
  it("writes JSON lines at LOG_LEVEL and above, children carry the build and job ids", async () => {
    const { lines, destination } = capture();
    const root = createLogger({ level: "info", destination });
    root.debug("hidden at info");
    buildLogger("b1", root).info({ step: "install" }, "step started");
    jobLogger("builds", "b1", root).warn("job retried");
    root.error({ err: new Error("boom") }, "failed");
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l.msg)).toEqual(["step started", "job retried", "failed"]);
    expect(lines[0]).toMatchObject({ level: 30, buildId: "b1", step: "install", pid: process.pid });
    expect(lines[1]).toMatchObject({ level: 40, queue: "builds", jobId: "b1" });
    expect(lines[2]).toMatchObject({ level: 50, err: { type: "Error", message: "boom" } });
  });

  it("never writes a secret a caller passed by name", async () => {
    const { lines, destination } = capture();
    const root = createLogger({ level: "debug", destination });
    root.info({ token: "slw_secret1", headers: { authorization: "Bearer slw_secret2" }, repo: { password: "hunter2" } }, "call");
    await new Promise((r) => setImmediate(r));
    expect(JSON.stringify(lines)).not.toMatch(/slw_secret|hunter2/);
    expect(lines[0]).toMatchObject({ token: "[redacted]", headers: { authorization: "[redacted]" }, repo: { password: "[redacted]" } });
  });

  it("the process's root logger honours LOG_LEVEL", () => {
    const script = 'import { logger } from "./server/logger.ts"; logger().info("not shown"); logger().warn("shown"); logger().debug("no");';
    const run = (level: string) =>
      execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: path.resolve(import.meta.dirname, ".."),
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", LOG_LEVEL: level },
        encoding: "utf8",
      })
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).msg);
    expect(run("warn")).toEqual(["shown"]);
    expect(run("debug")).toEqual(["not shown", "shown", "no"]);
  });
});
