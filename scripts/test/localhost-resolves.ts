import dns from "node:dns";

/**
 * Instances answer at `<label>.localhost` (server/domain/deployments/instance-host.ts). Browsers
 * resolve every `*.localhost` name to loopback (RFC 6761 §6.3); this machine's resolver does not,
 * so tests (and benchmarks) that follow a link or a 308 from a path-style link do the same here.
 */
const original = dns.lookup;
const LOCALHOST = /(^|\.)localhost\.?$/i;

function lookup(hostname: string, options: unknown, callback?: unknown): void {
  const cb = (typeof options === "function" ? options : callback) as (...args: unknown[]) => void;
  const opts = (
    typeof options === "object" && options !== null ? options : typeof options === "number" ? { family: options } : {}
  ) as dns.LookupOptions;
  if (!LOCALHOST.test(hostname)) return (original as (...a: unknown[]) => void)(hostname, options, callback);
  const address = { address: "127.0.0.1", family: 4 }; // IPv4 only: the runtime listens on 127.0.0.1
  process.nextTick(() => (opts.all ? cb(null, opts.family === 6 ? [] : [address]) : cb(null, address.address, address.family)));
}

dns.lookup = lookup as typeof dns.lookup;

// Some clients (Playwright's request fixture) ask the promise API.
const originalPromises = dns.promises.lookup;
dns.promises.lookup = ((hostname: string, options?: dns.LookupOptions | number) => {
  if (!LOCALHOST.test(hostname)) return (originalPromises as (...a: unknown[]) => Promise<unknown>)(hostname, options);
  const opts = typeof options === "number" ? { family: options } : (options ?? {});
  // IPv4 only: the runtime listens on 127.0.0.1, and a client trying both families must not pick ::1.
  const address = { address: "127.0.0.1", family: 4 };
  if (opts.all) return Promise.resolve(opts.family === 6 ? [] : [address]);
  return Promise.resolve(address);
}) as typeof dns.promises.lookup;
