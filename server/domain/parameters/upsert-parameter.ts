import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { assertParamKey, MAX_PARAM_VALUE, parameterView } from "./parameter-view";
import { resolveOwner, type ParamOwner } from "./param-owner";

export interface ParameterInput {
  /** Present when editing an existing parameter. */
  id?: string;
  key: string;
  /** For a secret being edited, omitted (or null) keeps the stored value. */
  value?: string | null;
  secret: boolean;
  description: string;
}

/** Creates or edits one parameter of a profile, an app or an app's stage; secrets are stored encrypted only. */
export async function upsertParameter(db: Db, cipher: Cipher, orgId: string, actorId: string, owner: ParamOwner, input: ParameterInput) {
  const key = input.key.trim();
  assertParamKey(key);
  if (input.value != null && input.value.length > MAX_PARAM_VALUE)
    throw new DomainError("BAD_INPUT", `A value has at most ${MAX_PARAM_VALUE} characters.`, "value");
  if (input.description.length > 500) throw new DomainError("BAD_INPUT", "A description has at most 500 characters.", "description");
  return db.$transaction(async (tx) => {
    const { where, label } = await resolveOwner(tx, orgId, owner);
    const existing = input.id ? await tx.parameter.findFirst({ where: { id: input.id, orgId, ...where } }) : null;
    if (input.id && !existing) throw new DomainError("NOT_FOUND", "No such parameter.");
    const clash = await tx.parameter.findFirst({ where: { orgId, ...where, key, ...(existing ? { id: { not: existing.id } } : {}) } });
    if (clash) throw new DomainError("BAD_INPUT", `A parameter named ${key} already exists in ${label}.`, "key");

    const hasValue = input.value != null && !(input.secret && input.value === "");
    let value: { value: string | null; valueCipher: string | null };
    if (input.secret) {
      const keep = !hasValue && existing?.secret && existing.valueCipher;
      if (!hasValue && !keep) throw new DomainError("BAD_INPUT", "Enter the secret's value.", "value");
      value = { value: null, valueCipher: keep ? existing.valueCipher : cipher.encrypt(input.value!) };
    } else {
      if (input.value == null) throw new DomainError("BAD_INPUT", "Enter a value.", "value");
      value = { value: input.value, valueCipher: null };
    }
    const data = { key, secret: input.secret, description: input.description.trim(), ...value };
    const row = existing
      ? await tx.parameter.update({ where: { id: existing.id }, data })
      : await tx.parameter.create({ data: { orgId, ...where, ...data } });
    const audit = (p: typeof row) => ({
      key: p.key,
      secret: p.secret,
      value: p.secret ? "[redacted]" : p.value,
      description: p.description,
    });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: existing ? "parameter.update" : "parameter.create",
      target: `${label} parameter ${key}`,
      before: existing ? audit(existing) : undefined,
      after: audit(row),
    });
    return parameterView(row);
  });
}
