export interface InstanceCoordinates { orgSlug: string; appSlug: string; stage: string; serviceName: string }

/**
 * The stable link of a service instance on the local runtime (the preview link). It names the
 * instance, not a deployment, so it survives redeploys and rollbacks. Functions' http paths follow it.
 */
export function instanceUrl(base: string, c: InstanceCoordinates): string {
  const parts = [c.orgSlug, c.appSlug, c.stage, c.serviceName].map(encodeURIComponent);
  return `${base.replace(/\/+$/, "")}/${parts.join("/")}`;
}
