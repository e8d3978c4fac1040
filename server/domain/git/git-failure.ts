/**
 * Why a git command that reached for a remote failed, in words an admin can act on. Git and ssh
 * say it in many ways; the reason word lets the UI and tests tell the cases apart. URLs are
 * scrubbed of anything that looks like credentials before any of git's own words are quoted.
 */
export type GitFailureReason =
  "auth" | "host-key-changed" | "host-key-unknown" | "host-unknown" | "unreachable" | "not-found" | "timeout" | "other";

const RULES: { reason: GitFailureReason; test: RegExp; message: string }[] = [
  {
    reason: "host-key-changed",
    test: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed|host key .* differs/i,
    message:
      "the server's SSH host key has changed since Slipway first connected. If the server really got a new key, reset the stored host key in the repository settings and check the new fingerprint; otherwise someone may be intercepting the connection.",
  },
  {
    reason: "host-key-unknown",
    test: /Host key verification failed|No \S+ host key is known/i,
    message:
      "the server's SSH host key is not the one Slipway knows for this host (host unknown). Test the connection to fetch and confirm it.",
  },
  {
    reason: "auth",
    test: /Permission denied \(publickey|Permission denied, please try again|publickey\)/i,
    message: "the server refused the deploy key (auth refused). Add the public key to the repository's deploy keys, with write access.",
  },
  {
    reason: "auth",
    test: /Authentication failed|could not read (Username|Password)|HTTP Basic: Access denied|returned error: 40[13]|Invalid username or password/i,
    message: "the server refused the token (auth refused). Check that it is valid and can read the repository.",
  },
  {
    reason: "host-unknown",
    test: /Could not resolve host|Could not resolve hostname|Name or service not known|Temporary failure in name resolution/i,
    message: "the host name does not resolve (host unknown).",
  },
  {
    reason: "unreachable",
    test: /Connection refused|No route to host|Network is unreachable|Failed to connect to|Connection reset/i,
    message: "the server cannot be reached (connection refused).",
  },
  {
    reason: "timeout",
    test: /timed out|Connection timed out|Operation timed out/i,
    message: "the server did not answer in time (timeout).",
  },
  {
    reason: "not-found",
    test: /not found|does not appear to be a git repository|does not exist|No such file or directory|returned error: 404|Could not read from remote repository/i,
    message: "the repository was not found (or these credentials cannot see it).",
  },
];

export function scrubUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, "$1");
}

export function explainGitFailure(stderr: string, timedOut: boolean, url: string): { reason: GitFailureReason; message: string } {
  if (timedOut) return { reason: "timeout", message: "the server did not answer in time (timeout)." };
  const last = scrubUrls(stderr).trim().split("\n").filter(Boolean).slice(-2).join(" ");
  for (const rule of RULES) {
    if (!rule.test.test(stderr)) continue;
    // git's own words help here (which path or URL it looked for); elsewhere they only repeat the rule.
    return { reason: rule.reason, message: rule.reason === "not-found" ? `${rule.message} (${last})` : rule.message };
  }
  return { reason: "other", message: `${last || "unknown error"} (${scrubUrls(url)})` };
}
