import { getCaller } from "@/server/trpc/server-caller";
import { readBuildLogText } from "@/server/logs/read-log-text";
import { appDeps } from "@/server/composition";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The whole log as a text file; the same permission and org checks as the build page. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const build = await (await getCaller()).builds.get({ id });
    const { db, redis, env } = appDeps();
    const text = await readBuildLogText(db, redis, env.REDIS_PREFIX, id);
    return new Response(text, {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="build-${build.number}.log"`,
      },
    });
  } catch {
    return Response.json({ error: "Not found or not allowed." }, { status: 404 });
  }
}
