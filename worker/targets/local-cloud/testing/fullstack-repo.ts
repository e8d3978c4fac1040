import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import type { Db } from "../../../../server/db";

/**
 * The guide's workshop backend in its own layout (backend-database, backend-restapi,
 * backend-tasks, services named fullstack-*), written for the local cloud's tests, plus a service
 * whose table definition DynamoDB rejects. No package.json: the runtime provides the AWS SDK.
 */
export const FULLSTACK_FILES: Record<string, string> = {
  "backend-database/serverless.yml": `service: fullstack-database
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs20.x
  stage: dev
  region: us-east-1
custom:
  stage: \${opt:stage, self:provider.stage}
  database_submissions_name: submissions-\${self:custom.stage}
  database_submissions_region: \${self:provider.region}
resources:
  Resources:
    SubmissionsTable:
      Type: AWS::DynamoDB::Table
      DeletionPolicy: Retain
      Properties:
        TableName: \${self:custom.database_submissions_name}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - { AttributeName: id, AttributeType: S }
          - { AttributeName: email, AttributeType: S }
        KeySchema:
          - { AttributeName: id, KeyType: HASH }
        GlobalSecondaryIndexes:
          - IndexName: byEmail
            KeySchema: [{ AttributeName: email, KeyType: HASH }]
            Projection: { ProjectionType: ALL }
        TimeToLiveSpecification: { AttributeName: expiresAt, Enabled: true }
    UploadsBucket:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: fullstack-uploads-\${self:custom.stage}
    NewSubmissionTopic:
      Type: AWS::SNS::Topic
outputs:
  database_submissions_name: \${self:custom.database_submissions_name}
  database_submissions_region: \${self:custom.database_submissions_region}
  database_submissions_arn: !GetAtt SubmissionsTable.Arn
  uploads_bucket: !Ref UploadsBucket
`,
  "backend-restapi/serverless.yml": `service: fullstack-restapi
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    database_submissions_name: \${output::\${param:env}::fullstack-database.database_submissions_name}
    uploads_bucket: \${output::\${param:env}::fullstack-database.uploads_bucket}
functions:
  submit:
    handler: handler.submit
    events:
      - http: { path: submit, method: post, cors: true }
  list:
    handler: list.list
    events:
      - http: { path: submissions, method: get }
  peek:
    handler: list.peek
    events:
      - http:
          path: peek/{table}
          method: get
  attach:
    handler: list.attach
    events:
      - http: { path: attach, method: post }
`,
  // aws-sdk v2 and its DocumentClient, as the workshop's restapi uses them.
  "backend-restapi/handler.js": `const AWS = require("aws-sdk");
const db = new AWS.DynamoDB.DocumentClient();
exports.submit = async (event) => {
  const body = JSON.parse(event.body || "{}");
  const item = { id: String(Date.now()) + Math.random().toString(16).slice(2, 6), name: body.name, email: body.email };
  await db.put({ TableName: process.env.database_submissions_name, Item: item }).promise();
  return { statusCode: 200, body: JSON.stringify({ stored: item, table: process.env.database_submissions_name }) };
};
`,
  // AWS SDK v3 clients, reading what submit stored and trying a table that is not theirs.
  "backend-restapi/list.js": `const { DynamoDBClient, ScanCommand } = require("@aws-sdk/client-dynamodb");
const { S3Client, PutObjectCommand, GetObjectCommand } = require("@aws-sdk/client-s3");
const client = new DynamoDBClient({});
const s3 = new S3Client({});
const scan = (TableName) => client.send(new ScanCommand({ TableName }));
exports.list = async () => {
  const out = await scan(process.env.database_submissions_name);
  return { statusCode: 200, body: JSON.stringify({ emails: out.Items.map((i) => i.email.S).sort() }) };
};
exports.peek = async (event) => {
  try {
    const out = await scan(event.pathParameters.table);
    return { statusCode: 200, body: JSON.stringify({ count: out.Count }) };
  } catch (e) {
    return { statusCode: 403, body: JSON.stringify({ error: e.name }) };
  }
};
exports.attach = async (event) => {
  const Bucket = process.env.uploads_bucket;
  await s3.send(new PutObjectCommand({ Bucket, Key: "note.txt", Body: event.body }));
  const back = await s3.send(new GetObjectCommand({ Bucket, Key: "note.txt" }));
  return { statusCode: 200, body: JSON.stringify({ bucket: Bucket, read: await back.Body.transformToString() }) };
};
`,
  "backend-tasks/serverless.yml": `service: fullstack-tasks
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs8.10
functions:
  submitTask:
    handler: handler.submitTask
    environment:
      url: \${param:endpoint}
    events:
      - schedule: rate(5 minutes)
`,
  "backend-tasks/handler.js": `exports.submitTask = async () => ({ called: process.env.url });
`,
  "backend-broken/serverless.yml": `service: fullstack-broken
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs20.x
resources:
  Resources:
    GoodTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: broken-good-\${sls:stage}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
    BadTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: broken-bad-\${sls:stage}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{ AttributeName: idx, AttributeType: S }]
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
`,
};

const AUTHOR = ["-c", "user.name=Ada Developer", "-c", "user.email=ada@example.com"];

/** Writes the repository (bare + work clone) and an app for it in the demo org, with the guide's stage mappings. */
export async function createFullstackApp(db: Db, orgId: string, root: string) {
  const bareDir = path.join(root, "fullstack.git");
  const workDir = path.join(root, "fullstack-work");
  await execa("git", ["init", "--bare", "--quiet", "--initial-branch=master", bareDir]);
  for (const [file, content] of Object.entries(FULLSTACK_FILES)) {
    await mkdir(path.dirname(path.join(workDir, file)), { recursive: true });
    await writeFile(path.join(workDir, file), content);
  }
  const git = async (...args: string[]) => (await execa("git", [...AUTHOR, ...args], { cwd: workDir })).stdout.trim();
  await git("init", "--quiet", "--initial-branch=master");
  await git("remote", "add", "origin", bareDir);
  await git("add", "-A");
  await git("commit", "--quiet", "-m", "Fullstack workshop backend");
  await git("push", "--quiet", "origin", "master");
  const profiles = await db.deploymentProfile.findMany({ where: { orgId } });
  const profile = (name: string) => profiles.find((p) => p.name === name)!.id;
  const repository = await db.repository.create({ data: { url: bareDir } });
  const noBranches = { branchDeployments: [], previewEnabled: false };
  const app = await db.app.create({
    data: {
      orgId,
      slug: "fullstack",
      name: "fullstack",
      repositoryId: repository.id,
      defaultProfileId: profile("profile-dev"),
      stageMappings: {
        create: [
          { stage: "dev", profileId: profile("profile-dev") },
          { stage: "staging", profileId: profile("profile-staging") },
        ],
      },
      services: {
        create: [
          { name: "fullstack-database", path: "backend-database", ...noBranches },
          { name: "fullstack-restapi", path: "backend-restapi", branchDeployments: [] },
          { name: "fullstack-tasks", path: "backend-tasks", ...noBranches },
          { name: "fullstack-broken", path: "backend-broken", ...noBranches },
        ],
      },
    },
    include: { services: true },
  });
  return { app, git, head: () => git("rev-parse", "HEAD") };
}
