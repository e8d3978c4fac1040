import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { profileForStage } from "../../server/domain/parameters/params-for-stage";
import { createMasker } from "../../server/logs/mask";
import type { BuildContext } from "../build-context";

export type AwsEnv = Record<"AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" | "AWS_REGION" | "AWS_DEFAULT_REGION", string> & {
  AWS_SESSION_TOKEN?: string;
};

const ONE_HOUR_S = 3600;

/**
 * The AWS credentials of the stage's deployment profile (its mapping, else the app's default), as
 * environment variables for the deploy command only: never written to disk, and masked in the log
 * from here on. A role is assumed with STS (with the external ID Slipway generated) for one hour;
 * static keys are decrypted. Null when the profile has no AWS access configured.
 */
export async function stageAwsEnv(ctx: BuildContext): Promise<AwsEnv | null> {
  const { db, cipher, env } = ctx.deps;
  const { app, instance } = ctx.build;
  if (ctx.build.fromFork && !ctx.build.approvedAt) {
    ctx.log.line("Fork build not approved by an admin: no cloud credentials.");
    return null;
  }
  const profile = await profileForStage(db, app.id, instance.stage);
  if (!profile) return null;
  const region = instance.region;
  let keys: { id: string; secret: string; session?: string };
  if (profile.awsRoleArn) {
    const sts = new STSClient({ region, ...(env.AWS_STS_ENDPOINT ? { endpoint: env.AWS_STS_ENDPOINT } : {}) });
    try {
      const res = await sts.send(
        new AssumeRoleCommand({
          RoleArn: profile.awsRoleArn,
          ExternalId: profile.awsExternalId ?? undefined,
          RoleSessionName: `slipway-build-${ctx.build.number}`,
          DurationSeconds: ONE_HOUR_S,
        }),
        { abortSignal: ctx.signal },
      );
      const c = res.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("STS answered without credentials");
      keys = { id: c.AccessKeyId, secret: c.SecretAccessKey, session: c.SessionToken };
    } catch (e) {
      const err = e as Error;
      throw new Error(`Could not assume ${profile.awsRoleArn} (profile ${profile.name}): ${err.name}: ${err.message}`);
    } finally {
      sts.destroy();
    }
    ctx.log.setMask(createMasker([...(ctx.resolved?.secrets ?? []), keys.id, keys.secret, ...(keys.session ? [keys.session] : [])]));
    ctx.log.line(`Assumed ${profile.awsRoleArn} for one hour (profile ${profile.name}).`);
  } else if (profile.awsAccessKeyId && profile.awsSecretKeyCipher) {
    keys = { id: profile.awsAccessKeyId, secret: cipher.decrypt(profile.awsSecretKeyCipher) };
    ctx.log.setMask(createMasker([...(ctx.resolved?.secrets ?? []), keys.id, keys.secret]));
    ctx.log.line(`Using the static AWS keys of profile ${profile.name}.`);
  } else {
    return null;
  }
  return {
    AWS_ACCESS_KEY_ID: keys.id,
    AWS_SECRET_ACCESS_KEY: keys.secret,
    ...(keys.session ? { AWS_SESSION_TOKEN: keys.session } : {}),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}
