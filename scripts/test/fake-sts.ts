import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StsCall {
  params: Record<string, string>;
  authorization: string;
}

export interface FakeStsOptions {
  /**
   * Role ARN → the external ID its trust policy requires. Given, AssumeRole of any other role or with
   * another external ID is refused with AccessDenied, as AWS does; absent, every AssumeRole succeeds.
   */
  trust?: Map<string, string>;
  /** Access key ID → the IAM user ARN GetCallerIdentity names for static keys; other keys are refused. */
  users?: Map<string, string>;
}

const xmlError = (res: import("node:http").ServerResponse, status: number, code: string, message: string) =>
  res
    .writeHead(status, { "content-type": "text/xml" })
    .end(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ErrorResponse>`,
    );

/**
 * An STS-compatible endpoint on localhost: answers AssumeRole and GetCallerIdentity with the Query
 * API's XML, like sts.amazonaws.com, and records what it was asked (role, external ID, duration, the
 * signer's key). The signer is told apart by the access key ID of its SigV4 Authorization header.
 */
export async function startFakeSts(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string },
  opts: FakeStsOptions = {},
) {
  const calls: StsCall[] = [];
  /** Sessions handed out: the issued key is the caller of later requests signed with it. */
  let lastAssumed: { roleArn: string; session: string } | null = null;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const authorization = String(req.headers.authorization ?? "");
      calls.push({ params, authorization });
      const signer = /Credential=([A-Z0-9]+)\//.exec(authorization)?.[1] ?? "";
      if (params.Action === "GetCallerIdentity") {
        let arn: string | undefined;
        if (signer === credentials.accessKeyId && lastAssumed) {
          const [, account, name] = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(lastAssumed.roleArn) ?? [];
          arn = `arn:aws:sts::${account}:assumed-role/${name}/${lastAssumed.session}`;
        } else arn = opts.users?.get(signer);
        if (!arn) return xmlError(res, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        const account = /::(\d{12}):/.exec(arn)?.[1] ?? "000000000000";
        res.writeHead(200, { "content-type": "text/xml" })
          .end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAFAKE</UserId><Account>${account}</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000002</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`);
        return;
      }
      if (params.Action === "AssumeRole" && opts.trust && opts.trust.get(params.RoleArn) !== params.ExternalId) {
        return xmlError(
          res,
          403,
          "AccessDenied",
          `User: arn:aws:iam::111111111111:user/slipway is not authorized to perform: sts:AssumeRole on resource: ${params.RoleArn}`,
        );
      }
      if (params.Action === "AssumeRole") lastAssumed = { roleArn: params.RoleArn, session: params.RoleSessionName };
      if (params.Action !== "AssumeRole") {
        res
          .writeHead(400, { "content-type": "text/xml" })
          .end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>nope</Message></Error></ErrorResponse>`);
        return;
      }
      const expires = new Date(Date.now() + Number(params.DurationSeconds ?? 3600) * 1000).toISOString();
      res.writeHead(200, { "content-type": "text/xml" }).end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>
      <SessionToken>${credentials.sessionToken}</SessionToken>
      <Expiration>${expires}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKE:${params.RoleSessionName}</AssumedRoleId>
      <Arn>${params.RoleArn}/${params.RoleSessionName}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
</AssumeRoleResponse>`);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}
