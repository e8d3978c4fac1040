import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The other ends of notification channels, as real servers on loopback: a recording endpoint
 * (Slack-compatible, or one that answers 500 / never answers), and a webhook receiver that checks
 * Slipway's signature the way the README tells receivers to — written here from the spec, not
 * with Slipway's own helper, so a wrong signature cannot agree with itself.
 */
export interface Received {
  at: number;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

function listen(server: http.Server, path = "/hook"): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`)),
  );
}

const closeServer = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Answers every POST with `status` (or never, for "hang"), recording what came. */
export async function startRecorder(status: number | "hang" = 200, path = "/services/T000/B000/XXXXSECRETPATH"): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      received.push({ at: Date.now(), headers: req.headers, raw, json: raw ? JSON.parse(raw) : {} });
      if (status === "hang") return; // the request stays open until the client gives up
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "internal error");
    });
  });
  const url = await listen(server, path);
  return { url, received, close: () => closeServer(server) };
}

export interface SignedReceiver extends Receiver {
  /** What the receiver answered to each request (202 accepted, 400 bad signature, 409 replay…). */
  answers: number[];
  /** Accepted deliveries only. */
  accepted: Received[];
  setSecret(secret: string): void;
  /** Moves the receiver's clock (seconds), to see an old timestamp refused. */
  skewS: number;
}

/** A receiver that accepts only a valid `Slipway-Signature` over a fresh timestamp, each signature once. */
export async function startSignedReceiver(toleranceS = 300): Promise<SignedReceiver> {
  const received: Received[] = [];
  const accepted: Received[] = [];
  const answers: number[] = [];
  const seen = new Set<string>();
  let secret = "";
  const state = { skewS: 0 };
  const verdict = (raw: string, header: string | undefined): number => {
    const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=", 2)));
    const t = Number(parts.t);
    if (!Number.isInteger(t) || !parts.v1) return 400;
    const expected = createHmac("sha256", secret).update(`${t}.${raw}`).digest();
    const got = Buffer.from(parts.v1, "hex");
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return 401;
    const now = Math.floor(Date.now() / 1000) + state.skewS;
    if (Math.abs(now - t) > toleranceS) return 408;
    if (seen.has(parts.v1)) return 409;
    seen.add(parts.v1);
    return 202;
  };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const r = { at: Date.now(), headers: req.headers, raw, json: raw ? JSON.parse(raw) : {} };
      received.push(r);
      const status = verdict(raw, req.headers["slipway-signature"] as string | undefined);
      answers.push(status);
      if (status === 202) accepted.push(r);
      res.writeHead(status).end();
    });
  });
  const url = await listen(server);
  const receiver: SignedReceiver = {
    url,
    received,
    accepted,
    answers,
    setSecret: (s) => void (secret = s),
    get skewS() {
      return state.skewS;
    },
    set skewS(v: number) {
      state.skewS = v;
    },
    close: () => closeServer(server),
  };
  return receiver;
}

/** Sends a request the receiver already got once more, byte for byte (what an attacker who saw it could do). */
export async function replay(url: string, r: Received, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "slipway-signature": String(r.headers["slipway-signature"]), ...headers },
    body: r.raw,
  });
  return res.status;
}
