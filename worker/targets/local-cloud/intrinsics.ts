/**
 * CloudFormation's intrinsic functions as far as a local deploy needs them: `Ref`, `Fn::GetAtt`,
 * `Fn::Sub` and `Fn::Join` over the resources of the service's own template and the pseudo
 * parameters. They are what `environment:` and `outputs:` use to hand a table's name or ARN to
 * the code; locally they become the local names and ARNs.
 */
export interface ResourceAttrs {
  type: string;
  /** What `Ref` returns (a table's or bucket's name). */
  ref: string;
  attrs: Record<string, string>;
}

export interface IntrinsicScope {
  resources: Record<string, ResourceAttrs>;
  pseudo: Record<string, string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const NO_VALUE = Symbol("AWS::NoValue");

export class IntrinsicError extends Error {}

export function pseudoParameters(p: { region: string; accountId: string; stackName: string }): Record<string, string> {
  return {
    "AWS::Region": p.region,
    "AWS::AccountId": p.accountId,
    "AWS::StackName": p.stackName,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackId": `arn:aws:cloudformation:${p.region}:${p.accountId}:stack/${p.stackName}/local`,
  };
}

function ref(name: unknown, scope: IntrinsicScope, where: string): string | typeof NO_VALUE {
  if (typeof name !== "string") throw new IntrinsicError(`${where}: Ref needs a name`);
  if (name === "AWS::NoValue") return NO_VALUE;
  if (name in scope.pseudo) return scope.pseudo[name];
  const r = scope.resources[name];
  if (!r) throw new IntrinsicError(`${where}: Ref to "${name}", which is neither a resource of this service nor a pseudo parameter`);
  return r.ref;
}

function getAtt(value: unknown, scope: IntrinsicScope, where: string): string {
  const [id, attr] =
    typeof value === "string"
      ? [value.slice(0, value.indexOf(".")), value.slice(value.indexOf(".") + 1)]
      : Array.isArray(value)
        ? value
        : [];
  if (typeof id !== "string" || typeof attr !== "string") throw new IntrinsicError(`${where}: Fn::GetAtt needs [resource, attribute]`);
  const r = scope.resources[id];
  if (!r) throw new IntrinsicError(`${where}: Fn::GetAtt of "${id}", which is not a resource of this service`);
  if (!(attr in r.attrs))
    throw new IntrinsicError(
      `${where}: ${r.type} "${id}" has no attribute "${attr}" locally (it has ${Object.keys(r.attrs).join(", ") || "none"})`,
    );
  return r.attrs[attr];
}

function sub(value: unknown, scope: IntrinsicScope, where: string): string {
  const [template, vars] = typeof value === "string" ? [value, {}] : Array.isArray(value) ? value : [undefined, undefined];
  if (typeof template !== "string") throw new IntrinsicError(`${where}: Fn::Sub needs a string or [string, variables]`);
  const own = isObj(vars) ? vars : {};
  return template.replace(/\$\{(!?)([^}]+)\}/g, (whole, bang: string, name: string) => {
    if (bang) return `\${${name}}`; // ${!Literal} stays literally ${Literal}
    if (name in own) return String(resolveIntrinsics(own[name], scope, where));
    if (name.includes(".") && !name.startsWith("AWS::")) return getAtt(name, scope, where);
    const v = ref(name, scope, where);
    return v === NO_VALUE ? "" : v;
  });
}

/** Resolves every intrinsic inside `value`; `Ref: AWS::NoValue` drops the key it is under. */
export function resolveIntrinsics(value: unknown, scope: IntrinsicScope, where: string): unknown {
  const out = walk(value, scope, where);
  return out === NO_VALUE ? undefined : out;
}

function walk(value: unknown, scope: IntrinsicScope, where: string): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, scope, where)).filter((v) => v !== NO_VALUE);
  if (!isObj(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [k] = keys;
    const arg = value[k];
    if (k === "Ref") return ref(arg, scope, where);
    if (k === "Fn::GetAtt") return getAtt(walk(arg, scope, where), scope, where);
    if (k === "Fn::Sub") return sub(arg, scope, where);
    if (k === "Fn::Join") {
      const [delim, list] = Array.isArray(arg) ? arg : [];
      const items = walk(list, scope, where);
      if (typeof delim !== "string" || !Array.isArray(items)) throw new IntrinsicError(`${where}: Fn::Join needs [delimiter, list]`);
      return items.map(String).join(delim);
    }
    if (k.startsWith("Fn::"))
      throw new IntrinsicError(`${where}: ${k} is not supported by the local target (Ref, Fn::GetAtt, Fn::Sub and Fn::Join are)`);
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    const r = walk(v, scope, where);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}
