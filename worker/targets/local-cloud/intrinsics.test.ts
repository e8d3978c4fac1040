import { describe, expect, it } from "vitest";
import { pseudoParameters, resolveIntrinsics } from "./intrinsics";
import { planResources } from "./plan-resources";

const pseudo = pseudoParameters({ region: "eu-west-1", accountId: "123456789012", stackName: "database-dev" });
const config = {
  service: "database",
  resources: {
    Resources: {
      Table: {
        Type: "AWS::DynamoDB::Table",
        Properties: { TableName: { "Fn::Sub": "${AWS::StackName}-items" }, StreamSpecification: { StreamViewType: "NEW_IMAGE" } },
      },
      Unnamed: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", Properties: {} },
      Uploads: { Type: "AWS::S3::Bucket", Properties: { BucketName: "uploads-dev" } },
      Topic: { Type: "AWS::SNS::Topic" },
    },
  },
};

describe("the local target's resources and intrinsics", () => {
  const plan = planResources(config, { accountId: "123456789012", region: "eu-west-1", stackName: "database-dev", pseudo });

  it("names tables and buckets as CloudFormation would, stably, and lists what it does not provision", () => {
    expect(plan.resources.map((r) => [r.logicalId, r.name, r.physicalName, r.retain])).toEqual([
      ["Table", "database-dev-items", "123456789012.eu-west-1.database-dev-items", false],
      ["Unnamed", "database-dev-Unnamed", "123456789012.eu-west-1.database-dev-Unnamed", true],
      ["Uploads", "uploads-dev", "uploads-dev", false],
    ]);
    expect(plan.skipped).toEqual([{ logicalId: "Topic", type: "AWS::SNS::Topic" }]);
  });

  it("resolves Ref, Fn::GetAtt (both forms), Fn::Sub and Fn::Join to local names and ARNs", () => {
    const env = {
      TABLE: { Ref: "Table" },
      TABLE_ARN: { "Fn::GetAtt": ["Table", "Arn"] },
      STREAM: { "Fn::GetAtt": "Table.StreamArn" },
      BUCKET_URL: { "Fn::Sub": "https://${Uploads.RegionalDomainName}/${!literal}" },
      BOTH: { "Fn::Join": [",", [{ Ref: "Table" }, { Ref: "Uploads" }, { Ref: "AWS::Region" }]] },
      GONE: { Ref: "AWS::NoValue" },
    };
    expect(resolveIntrinsics(env, plan.scope, "environment")).toEqual({
      TABLE: "database-dev-items",
      TABLE_ARN: "arn:aws:dynamodb:eu-west-1:123456789012:table/database-dev-items",
      STREAM: "arn:aws:dynamodb:eu-west-1:123456789012:table/database-dev-items/stream/local",
      BUCKET_URL: "https://uploads-dev.s3.eu-west-1.amazonaws.com/${literal}",
      BOTH: "database-dev-items,uploads-dev,eu-west-1",
    });
  });

  it("says which reference or function it cannot resolve", () => {
    expect(() => resolveIntrinsics({ Ref: "Nope" }, plan.scope, "outputs")).toThrow(
      'outputs: Ref to "Nope", which is neither a resource of this service nor a pseudo parameter',
    );
    expect(() => resolveIntrinsics({ "Fn::GetAtt": ["Uploads", "StreamArn"] }, plan.scope, "outputs")).toThrow(
      /AWS::S3::Bucket "Uploads" has no attribute "StreamArn" locally/,
    );
    expect(() => resolveIntrinsics({ "Fn::ImportValue": "x" }, plan.scope, "outputs")).toThrow(
      /Fn::ImportValue is not supported by the local target/,
    );
  });
});
