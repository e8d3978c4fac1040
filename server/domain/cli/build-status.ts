import type { Db } from "../../db";
import { getBuild } from "../builds/get-build";
import { instanceUrl, type RuntimeAddress } from "../deployments/instance-url";
import type { Cipher } from "../secrets/cipher";
import { paramsForStage } from "../parameters/params-for-stage";
import { maskOutputs } from "../outputs/mask-outputs";

/**
 * A build as the CLI shows it: status, steps, the dashboard link, and once it deployed, the
 * instance's link (local target) and the outputs it published — secret parameter values of the
 * stage masked, as on the build page.
 */
export async function buildStatus(
  db: Db,
  orgId: string,
  buildId: string,
  urls: { dashboard: string; runtime: RuntimeAddress },
  cipher: Cipher,
) {
  const build = await getBuild(db, orgId, buildId);
  const row = await db.build.findUniqueOrThrow({
    where: { id: buildId },
    select: {
      service: { select: { target: true, appId: true } },
      instance: { select: { currentDeploymentId: true, removedAt: true, app: { select: { org: { select: { slug: true } } } } } },
      deployment: { select: { id: true, outputs: { select: { values: true } } } },
    },
  });
  const values = row.deployment?.outputs[0]?.values as Record<string, unknown> | undefined;
  const outputs = values ? maskOutputs(values, (await paramsForStage(db, cipher, row.service.appId, build.instance.stage)).secrets) : null;
  const live = row.service.target === "LOCAL" && build.kind === "DEPLOY" && build.status === "SUCCEEDED";
  return {
    id: build.id,
    number: build.number,
    kind: build.kind,
    status: build.status,
    error: build.error,
    trigger: build.trigger,
    app: build.service.app.slug,
    service: build.service.name,
    stage: build.instance.stage,
    region: build.instance.region,
    target: row.service.target,
    steps: build.steps.map((s) => ({ name: s.name, status: s.status, detail: s.detail })),
    createdAt: build.createdAt,
    finishedAt: build.finishedAt,
    url: `${urls.dashboard.replace(/\/+$/, "")}/builds/${build.id}`,
    instanceUrl: live
      ? instanceUrl(urls.runtime, {
          orgSlug: row.instance.app.org.slug,
          appSlug: build.service.app.slug,
          stage: build.instance.stage,
          serviceName: build.service.name,
        })
      : null,
    outputs,
  };
}
