import { generateKeyPairSync } from "node:crypto";
import sshpk from "sshpk";

/**
 * A fresh ed25519 key pair for one repository: Node generates it, sshpk writes it in the formats
 * OpenSSH reads (the public key to paste into GitHub/GitLab, the private key for `ssh -i`).
 */
export function generateDeployKey(comment: string): { publicKey: string; privateKey: string; fingerprint: string } {
  const { privateKey } = generateKeyPairSync("ed25519");
  const key = sshpk.parsePrivateKey(privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "pem");
  key.comment = comment;
  const pub = key.toPublic();
  return {
    publicKey: pub.toString("ssh").trim(),
    privateKey: key.toString("ssh-private"),
    fingerprint: pub.fingerprint("sha256").toString(),
  };
}

/** SHA256 fingerprints (as `ssh-keygen -l` prints them) of the host keys in known_hosts lines. */
export function hostKeyFingerprints(knownHosts: string): string[] {
  const out: string[] = [];
  for (const line of knownHosts.split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 3 || line.startsWith("#")) continue;
    try {
      const key = sshpk.parseKey(`${parts[1]} ${parts[2]}`, "ssh");
      out.push(`${key.type.toUpperCase()} ${key.fingerprint("sha256").toString()}`);
    } catch {
      // A line ssh-keyscan wrote that sshpk does not know: ssh itself still checks it.
    }
  }
  return out;
}
