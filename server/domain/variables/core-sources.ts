import { randomUUID } from "node:crypto";
import { PropertyFailure } from "./resolution-error";
import { found, miss, type SourceHandler, type VariableResolver } from "./variable-resolver";

/** `${self:a.b.0.c}`: a dot path into the configuration itself, as resolved; `${self:}` is the root. */
export function selfSource(resolver: VariableResolver): SourceHandler {
  return (_params, address) => {
    const value = resolver.resolveAt(address ? address.split(".") : []);
    return value === undefined ? miss() : found(value, true);
  };
}

/** `${opt:stage}`: only the options given on the command line; `${opt:}` is all of them. */
export function optSource(options: Record<string, string>): SourceHandler {
  return (_params, address) => (address ? found(options[address]) : found({ ...options }, true));
}

/** `${sls:stage}` is the effective stage (--stage, else provider.stage, else "dev"). */
export function slsSource(stage: () => string): SourceHandler {
  const instanceId = randomUUID();
  return (_params, address) => {
    if (address === "stage") return found(stage(), true);
    if (address === "instanceId") return found(instanceId, true);
    throw new PropertyFailure(`Unsupported "sls" variable address "${address ?? ""}"`);
  };
}

/** `${env:NAME}`; the caller decides which environment the resolver sees. */
export function envSource(env: () => Record<string, string | undefined>): SourceHandler {
  return (_params, address) => {
    if (!address) throw new PropertyFailure('Missing address argument in variable "env" source');
    const value = env()[address];
    return value === undefined ? miss() : found(value);
  };
}

/** `${strToBool(x)}`: v3 accepts exactly true/false/1/0, trimmed and case-insensitive. */
export function strToBoolSource(): SourceHandler {
  return (params) => {
    const input = String(params[0] ?? "")
      .trim()
      .toLowerCase();
    if (input === "true" || input === "1") return found(true, true);
    if (input === "false" || input === "0") return found(false, true);
    throw new PropertyFailure(`Invalid "strToBool" input: Expected either "true", "false", "0", or "1". Received: ${String(params[0])}`);
  };
}

/** AWS-backed sources are read by the framework at deploy time; resolving them here would need credentials. */
export function awsSource(type: string): SourceHandler {
  return () => {
    throw new PropertyFailure(`"${type}" variables are read from AWS at deploy time and cannot be resolved by Slipway`);
  };
}
