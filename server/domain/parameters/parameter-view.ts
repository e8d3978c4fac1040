import type { Parameter } from "@prisma/client";
import { DomainError } from "../errors";

export const PARAM_KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const MAX_PARAM_KEY = 128;
export const MAX_PARAM_VALUE = 8192;

export function assertParamKey(key: string) {
  if (!key) throw new DomainError("BAD_INPUT", "A parameter key is required.", "key");
  if (key.length > MAX_PARAM_KEY) throw new DomainError("BAD_INPUT", `A parameter key has at most ${MAX_PARAM_KEY} characters.`, "key");
  if (!PARAM_KEY_RE.test(key)) {
    throw new DomainError("BAD_INPUT", "A parameter key starts with a letter or _ and holds only letters, digits, _, . and -.", "key");
  }
}

/** What the browser may see of a parameter: a secret's value never, only that it is set. */
export function parameterView(p: Parameter) {
  return {
    id: p.id,
    key: p.key,
    secret: p.secret,
    value: p.secret ? null : (p.value ?? ""),
    isSet: p.secret ? p.valueCipher !== null : true,
    description: p.description,
    stage: p.stage,
    updatedAt: p.updatedAt,
  };
}
