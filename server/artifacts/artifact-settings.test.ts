import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { s3Settings } from "./artifact-store";

const s3 = { ARTIFACT_STORE: "s3", ARTIFACT_S3_BUCKET: "slipway-artifacts" };

describe("artifact store settings", () => {
  it("keeps artifacts in the data folder unless told otherwise", () => {
    expect(s3Settings(parseEnv({}))).toBeNull();
  });

  it("reads an S3-compatible bucket with its endpoint and keys", () => {
    const env = parseEnv({
      ...s3,
      ARTIFACT_S3_ENDPOINT: "http://minio:9000",
      ARTIFACT_S3_ACCESS_KEY_ID: "slipway",
      ARTIFACT_S3_SECRET_ACCESS_KEY: "s3cr3t-value",
    });
    expect(s3Settings(env)).toEqual({
      endpoint: "http://minio:9000",
      bucket: "slipway-artifacts",
      region: "us-east-1",
      accessKeyId: "slipway",
      secretAccessKey: "s3cr3t-value",
    });
  });

  it("refuses S3 without a bucket, with half a key pair, or with a bucket name S3 would refuse, and never echoes the secret", () => {
    expect(() => parseEnv({ ARTIFACT_STORE: "s3" })).toThrow("ARTIFACT_S3_BUCKET: required when ARTIFACT_STORE=s3");
    const half = () => parseEnv({ ...s3, ARTIFACT_S3_SECRET_ACCESS_KEY: "s3cr3t-value" });
    expect(half).toThrow("set both or neither");
    expect(half).not.toThrow(/s3cr3t-value/);
    expect(() => parseEnv({ ARTIFACT_STORE: "s3", ARTIFACT_S3_BUCKET: "Not_A_Bucket" })).toThrow("ARTIFACT_S3_BUCKET: an S3 bucket name");
    expect(() => parseEnv({ ARTIFACT_STORE: "ftp" })).toThrow("ARTIFACT_STORE");
  });
});
