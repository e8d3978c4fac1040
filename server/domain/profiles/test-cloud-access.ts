import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

export interface AccessCheckStep {
  name: "assume-role" | "caller-identity";
  ok: boolean;
  detail: string;
}

export interface AccessCheck {
  ok: boolean;
  steps: AccessCheckStep[];
  /** Who AWS says the credentials are, when they work. */
  identity: { account: string; arn: string } | null;
}

/** What an STS error means for the person testing, in words; AWS's own code and message follow. */
function explain(e: unknown, step: AccessCheckStep["name"], roleArn: string | null, externalId: string | null): string {
  const err = e as { name?: string; message?: string; Code?: string };
  const code = err.name ?? err.Code ?? "Error";
  const said = `${code}: ${err.message ?? ""}`.trim();
  if (/CredentialsProviderError|Could not load credentials/i.test(`${code} ${err.message}`)) {
    return `Slipway itself has no AWS credentials to call STS with (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for the server, or run it with an instance role). ${said}`;
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket|network/i.test(`${code} ${err.message}`)) {
    return `Could not reach AWS STS from this server. ${said}`;
  }
  if (step === "assume-role" && code === "AccessDenied") {
    return `AWS refused to let Slipway assume ${roleArn}: the role's trust policy must name Slipway's AWS principal and require the external ID ${externalId}. Update the role's trust policy (or create it with the CloudFormation template on this page) and test again. ${said}`;
  }
  if (code === "InvalidClientTokenId") return `AWS does not know this access key ID (deleted, inactive or mistyped). ${said}`;
  if (code === "SignatureDoesNotMatch") return `The secret access key does not match the access key ID. ${said}`;
  if (code === "ExpiredToken") return `The credentials have expired. ${said}`;
  return said;
}

/**
 * "Test access": does this profile's cloud access work right now? A role is assumed with its
 * external ID (for 15 minutes, the shortest AWS allows), then GetCallerIdentity is called with
 * what came back; static keys call GetCallerIdentity directly. Nothing is stored; no key, secret or
 * session token is ever in the answer.
 */
export async function testCloudAccess(
  deps: { db: Db; cipher: Cipher; stsEndpoint?: string },
  opts: { orgId: string; actorId: string; profileId: string },
): Promise<AccessCheck> {
  const result = await runCheck(deps, opts);
  // Who tested which access, and whether it worked: a credential was used on the org's behalf.
  await recordAudit(deps.db, {
    orgId: opts.orgId,
    actorId: opts.actorId,
    action: "profile.access-test",
    target: `profile ${result.profileName}`,
    after: { ok: result.check.ok, account: result.check.identity?.account ?? null },
  });
  return result.check;
}

async function runCheck(
  deps: { db: Db; cipher: Cipher; stsEndpoint?: string },
  opts: { orgId: string; profileId: string },
): Promise<{ profileName: string; check: AccessCheck }> {
  const p = await deps.db.deploymentProfile.findFirst({ where: { id: opts.profileId, orgId: opts.orgId } });
  if (!p) throw new DomainError("NOT_FOUND", "No such deployment profile.");
  const client = (credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new STSClient({
      region: p.region,
      maxAttempts: 1,
      ...(deps.stsEndpoint ? { endpoint: deps.stsEndpoint } : {}),
      ...(credentials ? { credentials } : {}),
    });
  const steps: AccessCheckStep[] = [];
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  if (p.awsRoleArn) {
    const sts = client();
    try {
      const res = await sts.send(
        new AssumeRoleCommand({
          RoleArn: p.awsRoleArn,
          ExternalId: p.awsExternalId ?? undefined,
          RoleSessionName: "slipway-access-test",
          DurationSeconds: 900,
        }),
      );
      const c = res.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw Object.assign(new Error("STS answered without credentials."), { name: "NoCredentials" });
      credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
      steps.push({ name: "assume-role", ok: true, detail: `Assumed ${p.awsRoleArn} with the external ID.` });
    } catch (e) {
      steps.push({ name: "assume-role", ok: false, detail: explain(e, "assume-role", p.awsRoleArn, p.awsExternalId) });
      return { profileName: p.name, check: { ok: false, steps, identity: null } };
    } finally {
      sts.destroy();
    }
  } else if (p.awsAccessKeyId && p.awsSecretKeyCipher) {
    credentials = { accessKeyId: p.awsAccessKeyId, secretAccessKey: deps.cipher.decrypt(p.awsSecretKeyCipher) };
  } else {
    throw new DomainError("BAD_INPUT", "This profile has no cloud access to test: choose an access role or static keys and save first.");
  }
  const sts = client(credentials);
  try {
    const who = await sts.send(new GetCallerIdentityCommand({}));
    const identity = { account: who.Account ?? "", arn: who.Arn ?? "" };
    steps.push({ name: "caller-identity", ok: true, detail: `AWS account ${identity.account} answers as ${identity.arn}.` });
    return { profileName: p.name, check: { ok: true, steps, identity } };
  } catch (e) {
    steps.push({ name: "caller-identity", ok: false, detail: explain(e, "caller-identity", p.awsRoleArn, p.awsExternalId) });
    return { profileName: p.name, check: { ok: false, steps, identity: null } };
  } finally {
    sts.destroy();
  }
}
