import type {
  APIGatewayEventIdentity,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
} from "aws-lambda";
import type { RouteMatch } from "./routes";
import { withoutCookies } from "./dashboard-cookies";

/** What the HTTP server knows about one request, already stripped of the instance prefix. */
export interface GatewayRequest {
  method: string;
  path: string; // "/users/42"
  rawQuery: string; // "a=1&a=2"
  rawHeaders: string[]; // node's [name, value, name, value, ...], original casing
  body: Buffer;
  sourceIp: string;
  stage: string;
  host: string;
  requestId: string;
  /** Cookies the handler must never see (the dashboard's), removed from the Cookie header. */
  dropCookie?: (name: string) => boolean;
}

export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const TEXT = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/i;

function bodyOf(req: GatewayRequest, contentType: string | undefined) {
  if (req.body.length === 0) return { body: null, isBase64Encoded: false };
  // Binary payloads travel base64 like on API Gateway, so handlers written for AWS decode them the same way.
  if (!contentType || TEXT.test(contentType)) return { body: req.body.toString("utf8"), isBase64Encoded: false };
  return { body: req.body.toString("base64"), isBase64Encoded: true };
}

/** The proxy event a Lambda behind API Gateway gets: REST (v1) for `http`, HTTP API (v2) for `httpApi`. */
export function buildEvent(match: RouteMatch, req: GatewayRequest): APIGatewayProxyEvent | APIGatewayProxyEventV2 {
  const multi: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, raw] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
    const value = req.dropCookie && name.toLowerCase() === "cookie" ? withoutCookies(raw, req.dropCookie) : raw;
    if (value !== "" || raw === "") (multi[name] ??= []).push(value);
  }
  const lower = (name: string) => Object.entries(multi).find(([k]) => k.toLowerCase() === name)?.[1];
  const query = new URLSearchParams(req.rawQuery);
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of query) (multiQuery[k] ??= []).push(v);
  const hasQuery = Object.keys(multiQuery).length > 0;
  const hasParams = Object.keys(match.pathParameters).length > 0;
  const { body, isBase64Encoded } = bodyOf(req, lower("content-type")?.[0]);
  const userAgent = lower("user-agent")?.[0] ?? "";
  const now = Date.now();

  if (match.route.kind === "http") {
    const event: APIGatewayProxyEvent = {
      resource: match.route.path,
      path: req.path,
      httpMethod: req.method,
      headers: Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]])),
      multiValueHeaders: multi,
      queryStringParameters: hasQuery ? Object.fromEntries(Object.entries(multiQuery).map(([k, v]) => [k, v[v.length - 1]])) : null,
      multiValueQueryStringParameters: hasQuery ? multiQuery : null,
      pathParameters: hasParams ? match.pathParameters : null,
      stageVariables: null,
      body,
      isBase64Encoded,
      requestContext: {
        accountId: "000000000000",
        apiId: "slipway",
        stage: req.stage,
        requestId: req.requestId,
        resourcePath: match.route.path,
        httpMethod: req.method,
        path: `/${req.stage}${req.path}`,
        protocol: "HTTP/1.1",
        domainName: req.host,
        requestTime: new Date(now).toUTCString(),
        requestTimeEpoch: now,
        resourceId: "slipway",
        authorizer: null,
        identity: identityOf(req.sourceIp, userAgent),
      },
    };
    return event;
  }
  const routeKey = match.route.path === "*" ? "$default" : `${match.route.method} ${match.route.path}`;
  const cookies = lower("cookie")
    ?.flatMap((c) => c.split(/;\s*/))
    .filter(Boolean);
  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey,
    rawPath: req.path,
    rawQueryString: req.rawQuery,
    ...(cookies?.length && { cookies }),
    headers: Object.fromEntries(
      Object.entries(multi)
        .filter(([k]) => k.toLowerCase() !== "cookie")
        .map(([k, v]) => [k.toLowerCase(), v.join(",")]),
    ),
    ...(hasQuery && { queryStringParameters: Object.fromEntries(Object.entries(multiQuery).map(([k, v]) => [k, v.join(",")])) }),
    ...(hasParams && { pathParameters: match.pathParameters }),
    ...(body !== null && { body }),
    isBase64Encoded,
    requestContext: {
      accountId: "000000000000",
      apiId: "slipway",
      domainName: req.host,
      domainPrefix: req.host.split(".")[0],
      requestId: req.requestId,
      routeKey,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      http: { method: req.method, path: req.path, protocol: "HTTP/1.1", sourceIp: req.sourceIp, userAgent },
    },
  };
  return event;
}

/** A REST API caller without IAM, Cognito or an API key: API Gateway sends these fields as null. */
function identityOf(sourceIp: string, userAgent: string): APIGatewayEventIdentity {
  return {
    sourceIp,
    userAgent,
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    user: null,
    userArn: null,
  };
}

/** What a handler may return, in either shape (checked field by field below: it is user code's value). */
type ProxyResult = Partial<APIGatewayProxyResult & APIGatewayProxyStructuredResultV2>;

export class MalformedResponse extends Error {}

/** Maps a handler's result to HTTP as API Gateway would; v2 also takes a bare value as a 200 JSON body. */
export function toHttpResponse(kind: "http" | "httpApi", result: unknown): GatewayResponse {
  const isObj = typeof result === "object" && result !== null && !Array.isArray(result);
  if (!isObj || !("statusCode" in result)) {
    if (kind === "http") throw new MalformedResponse("Malformed Lambda proxy response: it needs a statusCode");
    const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: { "content-type": "application/json" }, body: Buffer.from(body) };
  }
  const r = result as ProxyResult;
  if (typeof r.statusCode !== "number") throw new MalformedResponse("Malformed Lambda proxy response: statusCode must be a number");
  if (r.body !== undefined && r.body !== null && typeof r.body !== "string")
    throw new MalformedResponse("Malformed Lambda proxy response: body must be a string");
  const headers: Record<string, string | string[]> = {};
  const put = (k: string, v: unknown) => {
    const name = k.toLowerCase();
    headers[name] = Array.isArray(v) ? v.map(String) : String(v);
  };
  for (const [k, v] of Object.entries(r.multiValueHeaders ?? {})) put(k, v);
  for (const [k, v] of Object.entries(r.headers ?? {})) put(k, v);
  if (Array.isArray(r.cookies)) headers["set-cookie"] = r.cookies.map(String);
  headers["content-type"] ??= "application/json";
  const text = r.body ?? "";
  return { statusCode: r.statusCode, headers, body: r.isBase64Encoded ? Buffer.from(text, "base64") : Buffer.from(text) };
}
