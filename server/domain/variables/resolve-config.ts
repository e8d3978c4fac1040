import { readFile } from "node:fs/promises";
import path from "node:path";
import { awsSource, envSource, optSource, selfSource, slsSource, strToBoolSource } from "./core-sources";
import { fileSource } from "./file-source";
import { resolveInsideRoot } from "./inside-root";
import { loadDotenv } from "./load-dotenv";
import { loadYaml, YamlLoadError } from "./load-yaml";
import { outputSource, type OutputReference } from "./output-source";
import { paramSource } from "./param-source";
import { CycleFailure, DependencyFailure, NotAccessibleYet, ResolutionError } from "./resolution-error";
import { VariableResolver, type SourceHandler } from "./variable-resolver";

export { ResolutionError } from "./resolution-error";

export interface ResolveInput {
  /** Absolute service folder; `${file()}` and `.env` are relative to it. */
  serviceDir: string;
  /**
   * The only folder files may be read from: the worker passes the build's repository checkout.
   * Absent (the CLI on a user's own machine, the corpus), files anywhere may be read.
   */
  rootDir?: string;
  /** Default "serverless.yml"; `.yaml` and `.json` work too. */
  configFile?: string;
  /** Used instead of reading `configFile` (paths stay relative to serviceDir). */
  configText?: string;
  /** Like `--stage` / `--region`: absent means not given, so `${opt:stage}` misses. */
  stage?: string;
  region?: string;
  /** The whole environment `${env:}` sees; the domain never reads process.env. */
  env: Record<string, string | undefined>;
  cliParams?: Record<string, string>;
  slipwayParams?: { stage?: Record<string, string>; service?: Record<string, string> };
  /** Published outputs, keyed "app:stage:region:service". */
  outputs?: Record<string, Record<string, unknown>>;
  /** The current app; defaults to the file's `app:`. */
  app?: string;
}

export interface ResolveResult {
  /** The resolved configuration: the file's own keys only, no framework defaults. */
  config: Record<string, unknown>;
  references: { params: string[]; outputs: OutputReference[] };
}

/** Resolved before `.env` is loaded: they decide which `.env.<stage>` to read. */
const STAGE_PROPERTIES = [["provider", "stage"], ["provider", "name"], ["useDotenv"]];
/** v3 needs these before plugins load, i.e. before `${param:}`/`${output:}` exist. */
const CORE_PROPERTIES = [["service"], ["app"], ["org"], ["plugins"], ["frameworkVersion"], ["package", "path"], ["disabledDeprecations"]];

/** Resolves a serverless.yml the way Serverless Framework v3 does; see the corpus SPEC.md. */
export async function resolveConfig(input: ResolveInput): Promise<ResolveResult> {
  const file = input.configFile ?? "serverless.yml";
  const rootDir = input.rootDir ?? path.parse(path.resolve(input.serviceDir)).root;
  const root = parseConfig(input.configText ?? (await readConfig(rootDir, input.serviceDir, file)), file);

  let env = input.env;
  let lateSourcesReady = false;
  const usedParams = new Set<string>();
  const usedOutputs = new Map<string, OutputReference>();
  const handlers = new Map<string, SourceHandler>();
  const resolver = new VariableResolver(root, (type) => handlers.get(type));
  const named = (p: string[]) => asName(resolver.resolveAt(p));
  const stage = () => input.stage ?? named(["provider", "stage"]) ?? "dev";
  const region = () => input.region ?? named(["provider", "region"]) ?? "us-east-1";
  const accessible = () => lateSourcesReady;

  const options: Record<string, string> = {};
  if (input.stage !== undefined) options.stage = input.stage;
  if (input.region !== undefined) options.region = input.region;
  handlers
    .set("self", selfSource(resolver))
    .set("opt", optSource(options))
    .set("sls", slsSource(stage))
    .set(
      "env",
      envSource(() => env),
    )
    .set("file", fileSource(input.serviceDir, rootDir))
    .set("strToBool", strToBoolSource())
    .set(
      "param",
      paramSource({
        resolver,
        stage,
        accessible,
        used: usedParams,
        levels: {
          cli: input.cliParams ?? {},
          slipwayStage: input.slipwayParams?.stage ?? {},
          slipwayService: input.slipwayParams?.service ?? {},
        },
      }),
    )
    .set(
      "output",
      outputSource({
        outputs: input.outputs ?? {},
        app: () => input.app ?? named(["app"]),
        stage,
        region,
        accessible,
        used: usedOutputs,
      }),
    );
  for (const type of ["aws", "cf", "s3", "ssm"]) handlers.set(type, awsSource(type));

  try {
    STAGE_PROPERTIES.forEach((p) => resolveEarly(resolver, p));
    if (root.useDotenv === true) env = loadDotenv(input.serviceDir, stageOrDefault(stage, input.stage), input.env, rootDir);
    const core = root.org && root.app ? [...CORE_PROPERTIES, ["provider", "region"]] : CORE_PROPERTIES;
    core.forEach((p) => resolveEarly(resolver, p));
    lateSourcesReady = true;
    resolver.resolveAll();
  } catch (error) {
    // Only pathological input (thousands of nested levels or chained references) gets here.
    if (error instanceof RangeError) {
      throw new ResolutionError(file, [{ path: "", reason: "The configuration nests or chains too deeply to resolve" }]);
    }
    throw error;
  }
  const failures = resolver.failures();
  if (failures.length > 0) throw new ResolutionError(file, failures);
  applyRegionOption(root, input.region);
  return { config: root, references: { params: [...usedParams], outputs: [...usedOutputs.values()] } };
}

/**
 * v3's AWS provider overwrites `provider.region` with `--region` once variables are resolved
 * (`${self:provider.region}` still saw the file's value). Only an existing key is replaced, so the
 * result keeps to the file's own keys.
 */
function applyRegionOption(root: Record<string, unknown>, region: string | undefined): void {
  const provider = root.provider;
  if (region === undefined || typeof provider !== "object" || provider === null || Array.isArray(provider)) return;
  if (Object.hasOwn(provider, "region")) (provider as Record<string, unknown>).region = region;
}

function resolveEarly(resolver: VariableResolver, property: string[]): void {
  try {
    resolver.resolveAt(property);
  } catch (error) {
    if (error instanceof NotAccessibleYet) {
      const dotted = property.join(".");
      resolver.fail(
        property,
        `"${dotted}" property is not accessible (configured behind variables which cannot be resolved at this stage)`,
      );
    } else if (!(error instanceof DependencyFailure || error instanceof CycleFailure)) {
      throw error;
    }
  }
}

function stageOrDefault(stage: () => string, given: string | undefined): string {
  try {
    return stage();
  } catch {
    return given ?? "dev"; // provider.stage failed; that failure is already reported
  }
}

function asName(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

async function readConfig(rootDir: string, serviceDir: string, file: string): Promise<string> {
  const place = resolveInsideRoot(rootDir, serviceDir, file);
  if (place.ok === false)
    throw new ResolutionError(file, [{ path: "", reason: `Cannot read ${place.reason}` }], `Cannot read ${place.reason}`);
  try {
    return await readFile(place.absolute, "utf8");
  } catch (error) {
    const reason = `Cannot read ${file} in ${serviceDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    throw new ResolutionError(file, [{ path: "", reason }], reason);
  }
}

function parseConfig(text: string, file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = file.endsWith(".json") ? JSON.parse(text) : loadYaml(text, file);
  } catch (error) {
    const reason = error instanceof YamlLoadError ? error.message : `${file}: ${(error as Error).message}`;
    throw new ResolutionError(file, [{ path: "", reason }], `Cannot parse ${reason}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    const reason = `${file} must hold a mapping of properties (service, provider, ...)`;
    throw new ResolutionError(file, [{ path: "", reason }], reason);
  }
  return parsed as Record<string, unknown>;
}
