import { tableNamespace } from "../../../server/domain/local-cloud/credentials";
import { type IntrinsicScope, type ResourceAttrs, resolveIntrinsics } from "./intrinsics";

export const TABLE = "AWS::DynamoDB::Table";
export const BUCKET = "AWS::S3::Bucket";

export interface Placement {
  accountId: string;
  region: string;
  stackName: string;
  pseudo: Record<string, string>;
}

export interface PlannedResource {
  logicalId: string;
  type: typeof TABLE | typeof BUCKET;
  /** The name handlers use. */
  name: string;
  /** The name inside the emulator. */
  physicalName: string;
  arn: string;
  retain: boolean;
  properties: Record<string, unknown>;
}

export interface Plan {
  resources: PlannedResource[];
  /** Types the local cloud does not provision, by logical id — listed in the deploy log. */
  skipped: { logicalId: string; type: string }[];
  scope: IntrinsicScope;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function nameOf(declared: unknown, fallback: string, where: string): string {
  if (declared === undefined) return fallback;
  if (typeof declared !== "string" || !declared) throw new Error(`${where}: the name must resolve to a string`);
  return declared;
}

/**
 * Reads `resources.Resources` of a resolved serverless.yml into what the local cloud will
 * provision, with the names and ARNs that `Ref`/`Fn::GetAtt` give. Unnamed resources get a stable
 * `<service>-<stage>-<LogicalId>` name (CloudFormation adds a random suffix; a local redeploy must
 * find the same table again).
 */
export function planResources(config: Obj, place: Placement): Plan {
  const block = isObj(config.resources) ? config.resources.Resources : undefined;
  const declared = isObj(block) ? block : {};
  const scope: IntrinsicScope = { resources: {}, pseudo: place.pseudo };
  const resources: PlannedResource[] = [];
  const skipped: Plan["skipped"] = [];
  // Names first (they may use pseudo parameters), so that properties can refer to any resource.
  for (const [logicalId, def] of Object.entries(declared)) {
    if (!isObj(def) || typeof def.Type !== "string") throw new Error(`Resource ${logicalId} needs a Type`);
    const where = `Resource ${logicalId} (${def.Type})`;
    const props = isObj(def.Properties) ? def.Properties : {};
    const fallback = `${place.stackName}-${logicalId}`;
    if (def.Type === TABLE) {
      const name = nameOf(resolveIntrinsics(props.TableName, scope, where), fallback, where);
      const arn = `arn:aws:dynamodb:${place.region}:${place.accountId}:table/${name}`;
      const attrs: Record<string, string> = { Arn: arn };
      if (isObj(props.StreamSpecification)) attrs.StreamArn = `${arn}/stream/local`;
      scope.resources[logicalId] = { type: TABLE, ref: name, attrs };
      resources.push({
        logicalId,
        type: TABLE,
        name,
        physicalName: tableNamespace(place.accountId, place.region) + name,
        arn,
        retain: def.DeletionPolicy === "Retain",
        properties: props,
      });
    } else if (def.Type === BUCKET) {
      const name = nameOf(resolveIntrinsics(props.BucketName, scope, where), fallback.toLowerCase(), where);
      const arn = `arn:aws:s3:::${name}`;
      const attrs = {
        Arn: arn,
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${place.region}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website-${place.region}.amazonaws.com`,
      };
      scope.resources[logicalId] = { type: BUCKET, ref: name, attrs };
      resources.push({
        logicalId,
        type: BUCKET,
        name,
        physicalName: name,
        arn,
        retain: def.DeletionPolicy === "Retain",
        properties: props,
      });
    } else {
      skipped.push({ logicalId, type: def.Type });
      // Still nameable, so a Ref to it in environment: does not fail the deploy; the log says it is not there.
      scope.resources[logicalId] = placeholder(def.Type, fallback, place);
    }
  }
  for (const r of resources) r.properties = resolveIntrinsics(r.properties, scope, `Resource ${r.logicalId} (${r.type})`) as Obj;
  return { resources, skipped, scope };
}

function placeholder(type: string, name: string, place: Placement): ResourceAttrs {
  return { type, ref: name, attrs: { Arn: `arn:aws:local:${place.region}:${place.accountId}:${name}` } };
}
