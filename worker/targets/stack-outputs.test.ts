import { describe, expect, it } from "vitest";
import { parseStackOutputs } from "./stack-outputs";

describe("parseStackOutputs", () => {
  it("reads the Stack Outputs section of `serverless info --verbose`, colours and all", () => {
    const text = [
      "\u001b[90mservice: restapi\u001b[39m",
      "stage: alice",
      "endpoint: GET - https://abc.execute-api.us-east-1.amazonaws.com/alice/submit",
      "functions:",
      "  submit: restapi-alice-submit",
      "",
      "\u001b[1mStack Outputs:\u001b[22m",
      "  SubmitLambdaFunctionQualifiedArn: arn:aws:lambda:us-east-1:123456789012:function:restapi-alice-submit:3",
      "  ServiceEndpoint: https://abc.execute-api.us-east-1.amazonaws.com/alice",
      "  ServerlessDeploymentBucketName: restapi-alice-serverlessdeploymentbucket-1x2y",
      "",
      "Need a better logging experience? Try the Console",
    ].join("\n");
    expect(parseStackOutputs(text)).toEqual({
      SubmitLambdaFunctionQualifiedArn: "arn:aws:lambda:us-east-1:123456789012:function:restapi-alice-submit:3",
      ServiceEndpoint: "https://abc.execute-api.us-east-1.amazonaws.com/alice",
      ServerlessDeploymentBucketName: "restapi-alice-serverlessdeploymentbucket-1x2y",
    });
  });

  it("is empty when there is no such section", () => {
    expect(parseStackOutputs("service: a\nfunctions:\n  x: y\n")).toEqual({});
  });

  it("keeps colons inside values", () => {
    expect(parseStackOutputs("Stack Outputs:\n  Url: https://x:8443/a:b\n")).toEqual({ Url: "https://x:8443/a:b" });
  });
});
