import { instanceLabel } from "./instance-host";

export interface InstanceCoordinates {
  orgSlug: string;
  appSlug: string;
  stage: string;
  serviceName: string;
}

/** Where instance links point: the runtime's public URL (scheme and port) and the domain instance hosts sit under. */
export interface RuntimeAddress {
  publicUrl: string;
  domain: string;
}

/**
 * The stable link of a service instance on the local runtime (the preview link): its own origin,
 * `<scheme>://<label>.<domain>[:<port of the public URL>]` (see instance-host.ts). It names the
 * instance, not a deployment, so it survives redeploys and rollbacks. Functions' http paths follow it.
 */
export function instanceUrl(runtime: RuntimeAddress, c: InstanceCoordinates): string {
  const base = new URL(runtime.publicUrl);
  return `${base.protocol}//${instanceLabel(c)}.${runtime.domain}${base.port ? `:${base.port}` : ""}`;
}

/** The RuntimeAddress of a validated configuration. */
export const runtimeAddress = (env: { RUNTIME_PUBLIC_URL?: string; RUNTIME_DOMAIN: string }): RuntimeAddress => ({
  publicUrl: env.RUNTIME_PUBLIC_URL!,
  domain: env.RUNTIME_DOMAIN,
});
