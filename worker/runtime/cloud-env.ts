import { createHash } from "node:crypto";
import { mkdirSync, symlinkSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { accountCredentials } from "../../server/domain/local-cloud/credentials";
import type { LocalCloudLink } from "../targets/local-cloud/start";
import type { DeploymentSpec } from "./pool";

const require = createRequire(import.meta.url);
let providedDir: string | null | undefined;

/**
 * Like Lambda, the runtime provides the AWS SDK to functions that do not bundle one: a folder on
 * NODE_PATH holding only `aws-sdk` (v2) and `@aws-sdk/*` (v3), linked to Slipway's own copies.
 * A service's own node_modules still win (Node looks there first).
 */
const slipwayModules = () => path.dirname(path.dirname(require.resolve("aws-sdk/package.json")));

export function providedSdkDir(): string | null {
  if (providedDir !== undefined) return providedDir;
  try {
    const modules = slipwayModules();
    // Named after the install it links into: two Slipways on one host (worktrees) must not share links.
    const install = createHash("sha256").update(modules).digest("hex").slice(0, 12);
    const dir = path.join(os.tmpdir(), `slipway-provided-sdk-${process.getuid?.() ?? 0}-${install}`, "node_modules");
    mkdirSync(dir, { recursive: true });
    for (const name of ["aws-sdk", "@aws-sdk"]) {
      if (!existsSync(path.join(dir, name))) symlinkSync(path.join(modules, name), path.join(dir, name), "dir");
    }
    providedDir = dir;
  } catch {
    providedDir = null;
  }
  return providedDir;
}

/**
 * The environment that points a function's AWS SDK at the local cloud, with its account's
 * credentials: v3 reads AWS_ENDPOINT_URL_*, v2 is configured by child.cjs from
 * SLIPWAY_LOCAL_CLOUD_URL when the handler loads it. Set after the function's own environment, as
 * Lambda's reserved variables are.
 */
export function cloudEnv(
  link: LocalCloudLink | undefined,
  d: DeploymentSpec,
): { env: Record<string, string>; secrets: string[]; readOnly: string[] } {
  const url = link?.handlerUrl?.() ?? link?.url();
  const accountId = d.config.cloud?.accountId;
  if (!link || !url || !accountId) return { env: {}, secrets: [], readOnly: [] };
  const { accessKeyId, secretAccessKey } = accountCredentials(link.encryptionKey, accountId);
  const sdk = providedSdkDir();
  return {
    env: {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: url,
      AWS_ENDPOINT_URL_S3: url,
      SLIPWAY_LOCAL_CLOUD_URL: url,
      ...(sdk && { NODE_PATH: sdk }),
    },
    secrets: [accessKeyId, secretAccessKey],
    // What a sandboxed child must see for NODE_PATH to work: the links and what they point into.
    readOnly: sdk ? [path.dirname(sdk), slipwayModules()] : [],
  };
}
