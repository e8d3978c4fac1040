import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { branchToStage, MAX_STAGE_LENGTH, validateStageName } from "./stage-name";

/** Branch names as git allows them, shell metacharacters and unicode included. */
const hostile = fc.constantFrom(
  "$(touch /tmp/pwned)",
  "`id`",
  ";rm -rf /",
  "../../etc",
  "${IFS}",
  "feat/",
  "-",
  "..",
  "é",
  "🚀",
  "\u0000",
  " ",
  "|",
  "&&",
  "'",
  '"',
);
const branch = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.array(fc.oneof(hostile, fc.string({ maxLength: 10 })), { maxLength: 12 }).map((p) => p.join("")),
);

describe("branchToStage (property-based)", () => {
  it("always yields a stage validateStageName accepts", () => {
    fc.assert(
      fc.property(branch, fc.uniqueArray(fc.string({ maxLength: 50 }), { maxLength: 5 }), (b, takenBranches) => {
        const taken = new Set(takenBranches.map((t) => branchToStage(t)));
        const stage = branchToStage(b, taken);
        expect(validateStageName(stage)).toBeNull();
        expect(stage).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(stage.length).toBeLessThanOrEqual(MAX_STAGE_LENGTH);
        expect(taken.has(stage)).toBe(false);
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(branch, (b) => {
        expect(branchToStage(b)).toBe(branchToStage(b));
      }),
      { numRuns: 1000 },
    );
  });

  it("gives different long branches different stages", () => {
    const long = fc.stringMatching(/^[a-z0-9/-]{41,120}$/);
    fc.assert(
      fc.property(long, long, (a, b) => {
        const sa = branchToStage(a);
        const sb = branchToStage(b);
        // Same sanitized text means the same stage; otherwise the hash keeps them apart.
        const same =
          a
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, "-")
            .replace(/-+/g, "-")
            .replace(/^-|-$/g, "") ===
          b
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, "-")
            .replace(/-+/g, "-")
            .replace(/^-|-$/g, "");
        if (a !== b && !same) expect(sa).not.toBe(sb);
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it("turns shell-injection branch names into plain stages", () => {
    expect(branchToStage("feat/$(touch${IFS}/tmp/slipway-pwned-1)")).toBe("feat-touch-ifs-tmp-slipway-pwned-1");
    expect(branchToStage("`id`;rm -rf /")).toBe("id-rm-rf");
    expect(branchToStage("../../etc")).toBe("etc");
    expect(branchToStage("$$$")).toBe("branch");
  });
});
