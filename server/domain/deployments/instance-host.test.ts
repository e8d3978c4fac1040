import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_STAGE_LENGTH } from "../stages/stage-name";
import { instanceHash, instanceLabel, labelOfHost, parseInstanceLabel } from "./instance-host";
import type { InstanceCoordinates } from "./instance-url";

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

// Stages as stage-name.ts allows them (letters, digits, hyphens — runs of them too — upper case);
// slugs and service names anything, including the separator, dots and unicode.
const letter = fc.constantFrom(..."abcxyzABZ".split(""));
const stageChar = fc.constantFrom(..."abz09-A".split(""));
const stage = fc.tuple(letter, fc.array(stageChar, { maxLength: MAX_STAGE_LENGTH - 1 })).map(([h, t]) => h + t.join(""));
const nameChar = fc.constantFrom(..."abz09-.-_A/é ".split(""));
const name = fc.array(nameChar, { minLength: 1, maxLength: 30 }).map((a) => a.join(""));
const coords: fc.Arbitrary<InstanceCoordinates> = fc.record({ orgSlug: name, appSlug: name, stage, serviceName: name });

describe("instance host labels", () => {
  it("spells plain names out as <stage>--<service>--<app>--<org>", () => {
    const at = { orgSlug: "acme", appSlug: "workshop", stage: "feature-greeting", serviceName: "restapi" };
    expect(instanceLabel(at)).toBe("feature-greeting--restapi--workshop--acme");
    expect(parseInstanceLabel("feature-greeting--restapi--workshop--acme")).toEqual({ kind: "direct", at });
  });

  it("hashes what a host cannot spell: upper case, a `--` in a name, long names, `xn--`", () => {
    for (const at of [
      { orgSlug: "acme", appSlug: "workshop", stage: "Staging", serviceName: "restapi" },
      { orgSlug: "acme", appSlug: "workshop", stage: "a--b", serviceName: "restapi" },
      { orgSlug: "acme", appSlug: "workshop", stage: "a".repeat(40), serviceName: "restapi" },
      { orgSlug: "acme", appSlug: "workshop", stage: "xn", serviceName: "restapi" },
    ]) {
      const label = instanceLabel(at);
      expect(label).toMatch(/^[a-z0-9-]+--[0-9a-f]{16}$/);
      expect(parseInstanceLabel(label)).toEqual({ kind: "hashed", hash: instanceHash(at) });
    }
  });

  it("is always one valid DNS label, never punycode, and names its instance back", () => {
    fc.assert(
      fc.property(coords, (at) => {
        const label = instanceLabel(at);
        expect(label).toMatch(DNS_LABEL);
        expect(label.startsWith("xn--")).toBe(false);
        const parsed = parseInstanceLabel(label);
        if (parsed?.kind === "direct") expect(parsed.at).toEqual(at);
        else expect(parsed).toEqual({ kind: "hashed", hash: instanceHash(at) });
      }),
      { numRuns: 2000 },
    );
  });

  it("gives two different instances two different labels", () => {
    fc.assert(
      fc.property(coords, coords, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(instanceLabel(a)).not.toBe(instanceLabel(b));
      }),
      { numRuns: 2000 },
    );
    // Close calls: moving a hyphen across a separator, or only the case.
    const base = { orgSlug: "acme", appSlug: "workshop", serviceName: "restapi" };
    expect(instanceLabel({ ...base, stage: "a-" })).not.toBe(instanceLabel({ ...base, stage: "a" }));
    expect(instanceLabel({ ...base, stage: "Prod" })).not.toBe(instanceLabel({ ...base, stage: "prod" }));
    expect(instanceLabel({ orgSlug: "b", appSlug: "c", stage: "a", serviceName: "x-y" })).not.toBe(
      instanceLabel({ orgSlug: "b", appSlug: "c", stage: "a-x", serviceName: "y" }),
    );
  });

  it("reads the label from a Host header only under the runtime domain", () => {
    expect(labelOfHost("Staging--restapi--workshop--acme.LOCALHOST:4000", "localhost")).toBe("staging--restapi--workshop--acme");
    expect(labelOfHost("localhost:4000", "localhost")).toBeNull();
    expect(labelOfHost("a.b.localhost", "localhost")).toBeNull();
    expect(labelOfHost("x.evil-localhost", "localhost")).toBeNull();
    expect(labelOfHost(undefined, "localhost")).toBeNull();
  });
});
