import type { CliConfig } from "./config";

/** An error answer of the Slipway HTTP API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  url: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: Uint8Array, contentType?: string): Promise<T>;
}

/** A thin client of /api/v1 with the logged-in token. */
export function apiClient(config: CliConfig): ApiClient {
  const base = config.url.replace(/\/+$/, "");
  async function call<T>(method: string, path: string, body?: Uint8Array, contentType?: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${config.token}`, ...(contentType ? { "content-type": contentType } : {}) },
        body: body as BodyInit | undefined,
      });
    } catch (e) {
      throw new ApiError(0, "NETWORK", `Cannot reach Slipway at ${base}: ${(e as Error).cause ?? (e as Error).message}`);
    }
    const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!res.ok)
      throw new ApiError(
        res.status,
        data?.error?.code ?? String(res.status),
        data?.error?.message ?? `${method} ${path}: HTTP ${res.status}`,
      );
    return data as T;
  }
  return {
    url: base,
    get: (path) => call("GET", path),
    post: (path, body, contentType) => call("POST", path, body, contentType),
  };
}

/** /api/v1/apps: where the CLI finds which app a service belongs to. */
export type AppsListing = {
  slug: string;
  name: string;
  services: { name: string; path: string; target: "LOCAL" | "SERVERLESS" | "SCRIPT" }[];
}[];
