/**
 * The fixed configuration of every git command Slipway itself runs (web and worker): nothing a
 * repository, a build or the host's git config holds can make git execute something. Hooks point
 * nowhere, no fsmonitor, no system/global config, and only the transports Slipway supports (no
 * `ext::`, which runs a command).
 */
export const SAFE_GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_SYSTEM: "/dev/null",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  GIT_ASKPASS: "true",
  GIT_PROTOCOL_FROM_USER: "0",
  LC_ALL: "C",
};

export const SAFE_GIT_CONFIG: string[] = [
  "core.hooksPath=/dev/null",
  "core.fsmonitor=false",
  "core.pager=cat",
  "core.editor=true",
  "submodule.recurse=false",
  "protocol.allow=never",
  "protocol.https.allow=always",
  "protocol.http.allow=always",
  "protocol.ssh.allow=always",
  "protocol.git.allow=always",
  "protocol.file.allow=always",
].flatMap((kv) => ["-c", kv]);

/** `git <safe config> <args>`: the argv to run. */
export const safeGitArgs = (args: string[]) => [...SAFE_GIT_CONFIG, ...args];
