import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StsCall {
  params: Record<string, string>;
  authorization: string;
}

/**
 * An STS-compatible endpoint on localhost: answers AssumeRole with the Query API's XML, like
 * sts.amazonaws.com, and records what it was asked (role, external ID, duration, the signer's key).
 */
export async function startFakeSts(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) {
  const calls: StsCall[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      calls.push({ params, authorization: String(req.headers.authorization ?? "") });
      if (params.Action !== "AssumeRole") {
        res.writeHead(400, { "content-type": "text/xml" }).end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>nope</Message></Error></ErrorResponse>`);
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
