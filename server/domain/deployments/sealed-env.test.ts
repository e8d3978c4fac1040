import { describe, expect, it } from "vitest";
import { createCipher } from "../secrets/cipher";
import { openSecrets, sealSecrets } from "./sealed-env";
import type { RuntimeConfig } from "./runtime-config";

const cipher = createCipher(Buffer.alloc(32, 7).toString("base64"));
const config: RuntimeConfig = {
  service: "restapi",
  functions: {
    submit: {
      handler: "h.submit",
      timeoutSeconds: 6,
      http: [],
      schedules: [],
      environment: { KEY: "s3cret-value", AUTH: "Bearer s3cret-value", ENV: "dev" },
    },
  },
};

describe("secrets in a stored deployment config", () => {
  it("are sealed at rest wherever a secret appears in an environment value", () => {
    const sealed = sealSecrets(config, ["s3cret-value"], cipher);
    expect(JSON.stringify(sealed)).not.toContain("s3cret-value");
    expect(sealed.functions.submit.environment.ENV).toBe("dev");
  });

  it("open back to the exact values, and are reported for masking", () => {
    const { config: opened, secrets } = openSecrets(sealSecrets(config, ["s3cret-value"], cipher), cipher);
    expect(opened).toEqual(config);
    expect(secrets).toEqual(["s3cret-value", "Bearer s3cret-value"]);
  });
});
