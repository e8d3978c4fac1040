/** GitHub caps webhook payloads at 25 MB; Slipway only needs refs and a few names, so 1 MB is plenty. */
export const MAX_WEBHOOK_BODY = 1024 * 1024;

export class WebhookRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the raw body (the signature is over its exact bytes) and stops at the limit, whatever
 * Content-Length claims: a chunked or lying client cannot make the server buffer more.
 */
export async function readLimitedBody(req: Request, max = MAX_WEBHOOK_BODY): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw new WebhookRejection(413, `Payload larger than ${max} bytes.`);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new WebhookRejection(413, `Payload larger than ${max} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    throw new WebhookRejection(400, "The body is not JSON.");
  }
}
