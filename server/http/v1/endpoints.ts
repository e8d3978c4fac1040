import { buildStatus } from "../../domain/cli/build-status";
import { runtimeAddress } from "../../domain/deployments/instance-url";
import { deployWorkingCopy } from "../../domain/cli/deploy-working-copy";
import { listAppServices } from "../../domain/cli/list-app-services";
import { storeUpload } from "../../domain/cli/store-upload";
import { assertBuildInOrg } from "../../domain/builds/get-build";
import { DomainError } from "../../domain/errors";
import { listOutputs } from "../../domain/outputs/list-outputs";
import { paramsForCli } from "../../domain/parameters/params-for-cli";
import { whoAmI } from "../../domain/tokens/who-am-i";
import { followBuildLog } from "../../logs/follow-log";
import { queryParam, type ApiContext } from "./api-route";

/** The handlers behind app/api/v1: each parses the request and calls one domain function. */

export const me = ({ deps, member }: ApiContext) => whoAmI(deps.db, member);

export const apps = ({ deps, member }: ApiContext) => listAppServices(deps.db, member.orgId);

/** `param=key=value`, repeatable. */
function cliParams(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of url.searchParams.getAll("param")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new DomainError("BAD_INPUT", `"param=${pair.slice(0, 100)}" is not key=value.`, "param");
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The working copy: a raw tar.gz body, or the `archive` file of a multipart form. */
async function uploadedBody(req: Request): Promise<ReadableStream<Uint8Array> | null> {
  const type = req.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const file = (await req.formData()).get("archive");
    if (!file || typeof file === "string")
      throw new DomainError("BAD_INPUT", 'The multipart form needs a file field "archive".', "archive");
    return file.stream();
  }
  return req.body;
}

async function workingCopy(ctx: ApiContext, kind: "DEPLOY" | "REMOVE") {
  const { req, url, deps, member, params } = ctx;
  // A remove sends the working copy only for targets that need the code (serverless, script).
  const uploads = deps.artifacts;
  const archive = await storeUpload(deps.env.SLIPWAY_DATA_DIR, await uploadedBody(req), { optional: kind === "REMOVE", store: uploads });
  const build = await deployWorkingCopy(deps, member, kind, {
    app: params.app!,
    service: params.service!,
    stage: queryParam(url, "stage"),
    region: url.searchParams.get("region") ?? undefined,
    params: cliParams(url),
    archive,
    describe: url.searchParams.get("describe") ?? undefined,
  }).catch(async (e) => {
    if (archive) await uploads.deleteUpload(archive.relative);
    throw e;
  });
  const base = deps.env.NEXTAUTH_URL.replace(/\/+$/, "");
  return Response.json({ ...build, url: `${base}/builds/${build.id}` }, { status: 202 });
}

export const deploy = (ctx: ApiContext) => workingCopy(ctx, "DEPLOY");
export const remove = (ctx: ApiContext) => workingCopy(ctx, "REMOVE");

export const build = ({ deps, member, params }: ApiContext) =>
  buildStatus(deps.db, member.orgId, params.id!, { dashboard: deps.env.NEXTAUTH_URL, runtime: runtimeAddress(deps.env) }, deps.cipher);

const LONG_POLL_MS = 20_000;
const GATHER_MS = 250;

/**
 * The build log after `after` (a stream id from the previous answer; none = from the start), as a
 * long poll: answers as soon as lines arrive (gathering a quarter second more, so lines come in
 * batches), when the build is over (`done`), or after 20 s with nothing. The same follower as the
 * dashboard's live log, so it resumes exactly where the last answer stopped.
 */
export async function log({ req, url, deps, member, params }: ApiContext) {
  await assertBuildInOrg(deps.db, member.orgId, params.id!);
  const controller = new AbortController();
  const abort = () => controller.abort();
  req.signal?.addEventListener("abort", abort);
  const events: { id: string; lines: string[] }[] = [];
  let cursor = url.searchParams.get("after") || null;
  let done = false;
  const deadline = setTimeout(abort, LONG_POLL_MS);
  let gather: NodeJS.Timeout | undefined;
  try {
    for await (const batch of followBuildLog(
      { db: deps.db, redis: deps.redis, prefix: deps.env.REDIS_PREFIX },
      params.id!,
      cursor,
      controller.signal,
    )) {
      cursor = batch.id;
      if (batch.lines.length) events.push({ id: batch.id, lines: batch.lines });
      if (batch.done) {
        done = true;
        break;
      }
      gather ??= setTimeout(abort, GATHER_MS);
    }
  } finally {
    clearTimeout(deadline);
    clearTimeout(gather);
    req.signal?.removeEventListener("abort", abort);
  }
  return { events, cursor, done };
}

export const outputs = ({ url, deps, member, params }: ApiContext) =>
  listOutputs(deps.db, member.orgId, params.app!, {
    stage: url.searchParams.get("stage") ?? undefined,
    service: url.searchParams.get("service") ?? undefined,
  });

export const parameters = ({ url, deps, member, params }: ApiContext) =>
  paramsForCli(deps.db, deps.cipher, member, params.app!, queryParam(url, "stage"));
