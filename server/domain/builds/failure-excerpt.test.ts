import { describe, expect, it } from "vitest";
import { failureExcerpt } from "./failure-excerpt";

const log = [
  "Build #7: deploy restapi → stage staging",
  "\u001b[1m▸ install\u001b[0m",
  "added 3 packages",
  "\u001b[1m▸ test\u001b[0m",
  "> restapi@1.0.0 test",
  "> node --test",
  "",
  "not ok 1 - greets",
  "  \u001b[31mAssertionError: 'Hi' !== 'Hello'\u001b[0m",
  "npm error Lifecycle script `test` failed with error:",
  "npm error code 1",
  "\u001b[31m✖ test failed: `npm test` exited with code 1\u001b[0m",
  "\u001b[1m▸ deploy\u001b[0m",
].join("\n");

describe("failureExcerpt", () => {
  it("keeps the failed step's own lines, without colour codes or npm boilerplate", () => {
    expect(failureExcerpt(log, "test")).toEqual(["not ok 1 - greets", "  AssertionError: 'Hi' !== 'Hello'"]);
  });

  it("keeps only the last lines of a long failure that names no error", () => {
    const long = ["▸ test", ...Array.from({ length: 20 }, (_, i) => `line ${i}`), "✖ test failed: boom"].join("\n");
    expect(failureExcerpt(long, "test", 3)).toEqual(["line 17", "line 18", "line 19"]);
  });

  it("starts at the first error, not at the test runner's totals after it", () => {
    const tap = [
      "▸ test",
      "ok 1 - a",
      "not ok 2 - b",
      "  AssertionError: nope",
      "  at x.js:1:1",
      "1..2",
      "# tests 2",
      "# pass 1",
      "# fail 1",
      "✖ test failed: x",
    ].join("\n");
    expect(failureExcerpt(tap, "test", 3)).toEqual(["not ok 2 - b", "  AssertionError: nope", "  at x.js:1:1"]);
  });

  it("is empty without a log or when the step never started", () => {
    expect(failureExcerpt(null, "test")).toEqual([]);
    expect(failureExcerpt(log, "resolve")).toEqual([]);
  });
});
