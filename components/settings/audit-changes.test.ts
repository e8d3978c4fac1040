import { describe, expect, it } from "vitest";
import { actionLabel, fieldChanges } from "./audit-changes";

describe("audit log changes", () => {
  it("lists only the fields an update changed, nested ones by their path", () => {
    expect(
      fieldChanges(
        { name: "profile-dev", region: "us-east-1", access: { kind: "role", external: "x" } },
        { name: "profile-dev", region: "eu-west-1", access: { kind: "keys", external: "x" } },
      ),
    ).toEqual([
      { field: "region", before: "us-east-1", after: "eu-west-1" },
      { field: "access.kind", before: "role", after: "keys" },
    ]);
  });

  it("lists every field of a creation or a removal", () => {
    expect(fieldChanges(null, { key: "env", value: "dev" })).toEqual([
      { field: "key", before: undefined, after: "env" },
      { field: "value", before: undefined, after: "dev" },
    ]);
    expect(fieldChanges({ role: "DEVELOPER" }, undefined)).toEqual([{ field: "role", before: "DEVELOPER", after: undefined }]);
  });

  it("shows arrays and scalars as values, a redacted secret as such", () => {
    expect(fieldChanges({ stages: ["dev"], value: "[redacted]" }, { stages: ["dev", "prod"], value: "[redacted]" })).toEqual([
      { field: "stages", before: '["dev"]', after: '["dev","prod"]' },
    ]);
    expect(fieldChanges("old", "new")).toEqual([{ field: "value", before: "old", after: "new" }]);
  });

  it("names actions in words", () => {
    expect(actionLabel("profile.update")).toBe("Updated a profile");
    expect(actionLabel("app.delete")).toBe("App delete");
  });
});
