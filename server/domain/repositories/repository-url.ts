import path from "node:path";
import { DomainError } from "../errors";

/**
 * What a repository URL may be. Git treats some "URLs" as commands (`ext::sh -c …`), options
 * (`--upload-pack=…`, `-oProxyCommand=…` as an ssh host) or credentials (`https://user:token@…`,
 * which would then sit in logs and `ps`): those are refused here, before git ever sees them.
 * Local paths, `file://` and plain `http://` are for demos and tests, allowed only when the server says so.
 */
export type RepositoryUrl =
  | { kind: "https" | "http"; url: string; host: string }
  | { kind: "ssh"; url: string; host: string; port: number; user: string | null }
  | { kind: "local"; url: string };

const SCP_RE = /^(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?!\/\/)(.+)$/;
const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$|^\[[0-9A-Fa-f:.]+\]$/;
const FORMS = "Use https://host/owner/repo.git, ssh://git@host/owner/repo.git or git@host:owner/repo.git.";

const bad = (message: string) => new DomainError("BAD_INPUT", message, "url");

export function parseRepositoryUrl(input: string, opts: { allowLocal: boolean }): RepositoryUrl {
  const url = input.trim();
  if (!url) throw bad(`Enter the repository's URL. ${FORMS}`);
  if (url.length > 2000) throw bad("That URL is too long.");
  if (/[\s\0-\x1f\x7f]/.test(url)) throw bad("A repository URL has no spaces or control characters.");
  if (url.startsWith("-")) throw bad('A repository URL cannot start with "-" (git would read it as an option).');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url))
    throw bad(`Transport helpers like "${url.split("::")[0]}::" run commands: not allowed. ${FORMS}`);
  if (/(^|[/=\s])--?(upload-pack|receive-pack|u\b|config|exec|template)/i.test(url))
    throw bad("A repository URL cannot carry git options (--upload-pack and the like).");

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  if (scheme === "https" || scheme === "http" || scheme === "ssh") {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw bad(`That is not a valid URL. ${FORMS}`);
    }
    const host = u.hostname;
    if (!host || !HOST_RE.test(host)) throw bad("The URL needs a host name.");
    if (u.search || u.hash) throw bad("A repository URL has no ?query or #fragment.");
    if (u.pathname.split("/").some((p) => p.startsWith("-"))) throw bad('No part of the repository path may start with "-".');
    if (u.pathname.replace(/\/+$/, "") === "") throw bad("The URL needs the repository's path (owner/repo.git).");
    if (scheme === "ssh") {
      if (u.password) throw bad("Never put a password in the URL: Slipway generates a deploy key for SSH repositories.");
      if (u.username.startsWith("-")) throw bad('The SSH user cannot start with "-".');
      return { kind: "ssh", url, host, port: Number(u.port || 22), user: u.username || null };
    }
    if (u.username || u.password)
      throw bad('Never put credentials in the URL (they would end up in logs): choose "HTTPS token" and paste the token there.');
    if (scheme === "http" && !opts.allowLocal) throw bad("Plain http:// would send the token unencrypted: use https://.");
    return { kind: scheme, url, host };
  }
  if (scheme === "file" || (!scheme && (url.startsWith("/") || url.startsWith("./") || url.startsWith("../")))) {
    if (!opts.allowLocal) throw bad("Local paths and file:// URLs are turned off on this server (SLIPWAY_ALLOW_LOCAL_REPOS). " + FORMS);
    const p = scheme === "file" ? decodeURIComponent(url.slice("file://".length)) : url;
    if (!path.isAbsolute(p)) throw bad("A local repository is given by its absolute path.");
    return { kind: "local", url: p };
  }
  if (scheme) throw bad(`${scheme}:// is not supported. ${FORMS}`);
  const scp = SCP_RE.exec(url);
  if (scp) {
    const [, user, host, repoPath] = scp;
    if (host.startsWith("-") || repoPath.startsWith("-") || user?.startsWith("-")) throw bad('No part of the URL may start with "-".');
    if (!HOST_RE.test(host)) throw bad("The URL needs a host name.");
    return { kind: "ssh", url, host: host.replace(/^\[|\]$/g, ""), port: 22, user: user ?? null };
  }
  throw bad(`That is not a repository URL Slipway understands. ${FORMS}`);
}
