import type { ApiClient } from "./api";
import type { CliIo } from "./io";

export interface BuildView {
  id: string;
  number: number;
  kind: "DEPLOY" | "REMOVE";
  status: string;
  error: string | null;
  url: string;
  instanceUrl: string | null;
  outputs: Record<string, unknown> | null;
  stage: string;
  service: string;
}

/** Prints a build's log as it is written (long polls of /builds/:id/log), then returns the build. */
export async function followBuild(api: ApiClient, io: CliIo, buildId: string): Promise<BuildView> {
  let cursor = "";
  for (;;) {
    const page = await api.get<{ events: { id: string; lines: string[] }[]; cursor: string | null; done: boolean }>(
      `/builds/${encodeURIComponent(buildId)}/log${cursor ? `?after=${encodeURIComponent(cursor)}` : ""}`,
    );
    for (const e of page.events) if (e.lines.length) io.stdout(`${e.lines.join("\n")}\n`);
    cursor = page.cursor ?? cursor;
    if (page.done) break;
  }
  // The log ends a moment before the status is written.
  for (let i = 0; ; i++) {
    const build = await api.get<BuildView>(`/builds/${encodeURIComponent(buildId)}`);
    if (!["QUEUED", "RUNNING"].includes(build.status) || i > 50) return build;
    await new Promise((r) => setTimeout(r, 200));
  }
}
