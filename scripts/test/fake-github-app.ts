import { generateKeyPairSync, randomBytes, verify, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A recording HTTP server standing in for GitHub's REST API as a GitHub App sees it: app JWTs
 * are checked against the app's public key (RS256, issuer, expiry), installation tokens are issued
 * for the repositories the installation sees and only accepted on those, and statuses, comments,
 * deployments and deployment statuses are recorded.
 */
export interface Call {
  method: string;
  url: string;
  auth: string | undefined;
  body: Record<string, unknown>;
  status: number;
}

export interface FakeGitHub {
  apiUrl: string;
  appId: string;
  privateKeyPem: string;
  /** A key GitHub does not know (for the "wrong key" case). */
  otherKeyPem: string;
  installationId: number;
  /** Repositories the installation sees (owner/name, lower case). Edit to grant or revoke. */
  visible: Set<string>;
  calls: Call[];
  close(): Promise<void>;
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { pem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(), publicKey };
}

function verifyJwt(token: string, publicKey: KeyObject, appId: string): boolean {
  const [h, p, s] = token.split(".");
  if (!h || !p || !s) return false;
  const header = JSON.parse(Buffer.from(h, "base64url").toString());
  if (header.alg !== "RS256") return false;
  if (!verify("RSA-SHA256", Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, "base64url"))) return false;
  const claims = JSON.parse(Buffer.from(p, "base64url").toString());
  const now = Math.floor(Date.now() / 1000);
  return String(claims.iss) === appId && claims.exp > now && claims.iat <= now + 60 && claims.exp - claims.iat <= 600;
}

export async function startFakeGitHubApp(): Promise<FakeGitHub> {
  const app = keyPair();
  const other = keyPair();
  const appId = "31337";
  const installationId = 4242;
  const visible = new Set<string>(["acme/workshop"]);
  const tokens = new Map<string, string[]>(); // installation token -> repositories (lower-case owner/name)
  const calls: Call[] = [];
  let nextId = 1000;

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = raw ? JSON.parse(raw) : {};
      const url = req.url!.replace(/^\/api\/v3/, "");
      const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      const answer = (status: number, payload: unknown) => {
        calls.push({ method: req.method!, url, auth: req.headers.authorization, body, status });
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
      };
      const asApp = () => verifyJwt(bearer, app.publicKey, appId);

      if (url === "/app" && req.method === "GET")
        return asApp()
          ? answer(200, { id: Number(appId), slug: "slipway-test", name: "Slipway Test" })
          : answer(401, { message: "A JSON web token could not be decoded" });
      const inst = /^\/repos\/([^/]+)\/([^/]+)\/installation$/.exec(url);
      if (inst && req.method === "GET") {
        if (!asApp()) return answer(401, { message: "bad JWT" });
        return visible.has(`${inst[1]}/${inst[2]}`.toLowerCase())
          ? answer(200, { id: installationId })
          : answer(404, { message: "Not Found" });
      }
      const access = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(url);
      if (access && req.method === "POST") {
        if (!asApp()) return answer(401, { message: "bad JWT" });
        if (Number(access[1]) !== installationId) return answer(404, { message: "Not Found" });
        const owner = [...visible][0]?.split("/")[0] ?? "acme";
        const repos = ((body.repositories as string[] | undefined) ?? []).map((n) => `${owner}/${n}`.toLowerCase());
        if (repos.some((r) => !visible.has(r)))
          return answer(422, {
            message: "There is at least one repository that does not exist or is not accessible to the parent installation.",
          });
        const token = `ghs_${randomBytes(12).toString("hex")}`;
        tokens.set(token, repos.length ? repos : [...visible]);
        return answer(201, { token, expires_at: new Date(Date.now() + 3_600_000).toISOString(), repository_selection: "selected" });
      }
      const repo = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url);
      if (!repo) return answer(404, { message: "Not Found" });
      const name = `${repo[1]}/${repo[2]}`.toLowerCase();
      if (!tokens.get(bearer)?.includes(name) || !visible.has(name)) return answer(404, { message: "Not Found" });
      const rest = repo[3] ?? "";
      if (req.method === "GET" && rest === "") return answer(200, { full_name: name, private: true });
      if (req.method === "POST" && rest === "/deployments") return answer(201, { id: nextId++ });
      if (req.method === "POST" && /^\/issues\/\d+\/comments$/.test(rest)) return answer(201, { id: nextId++ });
      const comment = /^\/issues\/comments\/(\d+)$/.exec(rest);
      if (comment && req.method === "PATCH") return answer(200, { id: Number(comment[1]) });
      if (req.method === "POST" && (/^\/statuses\/[0-9a-f]{40}$/.test(rest) || /^\/deployments\/\d+\/statuses$/.test(rest)))
        return answer(201, { id: nextId++ });
      return answer(404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`,
    appId,
    privateKeyPem: app.pem,
    otherKeyPem: other.pem,
    installationId,
    visible,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
