import { execa } from "execa";
import { DomainError } from "../errors";
import { hostKeyFingerprints } from "./deploy-key";

/**
 * The SSH server's host keys on first connection (trust on first use, like `StrictHostKeyChecking=
 * accept-new`), as known_hosts lines to store. Later connections check against them strictly.
 */
export async function scanHostKeys(host: string, port: number, timeoutS = 10): Promise<{ knownHosts: string; fingerprint: string }> {
  if (host.startsWith("-")) throw new DomainError("BAD_INPUT", "Not a host name.", "url");
  const res = await execa("ssh-keyscan", ["-T", String(timeoutS), "-p", String(port), "-t", "ed25519,ecdsa,rsa", "--", host], {
    reject: false,
    stdin: "ignore",
    timeout: (timeoutS + 5) * 1000,
    env: { LC_ALL: "C" },
  });
  const knownHosts = String(res.stdout ?? "")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .join("\n");
  if (!knownHosts) {
    const err = String(res.stderr ?? "");
    const why = /resolve|Name or service not known/i.test(err)
      ? "the host name does not resolve (host unknown)"
      : res.timedOut
        ? "it did not answer in time (timeout)"
        : "nothing answered SSH there (connection refused or timeout)";
    throw new DomainError("UNAVAILABLE", `Could not fetch the SSH host key of ${host}:${port}: ${why}.`, "url");
  }
  const prints = hostKeyFingerprints(knownHosts);
  const fingerprint = prints.find((p) => p.startsWith("ED25519")) ?? prints[0] ?? "unknown";
  return { knownHosts: `${knownHosts}\n`, fingerprint };
}
