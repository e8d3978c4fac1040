import { describe, expect, it } from "vitest";
import { isErrorLine, plainText } from "./log-lines";

describe("log lines", () => {
  it("strips colour codes for searching", () => {
    expect(plainText("\u001b[1m▸ test\u001b[0m")).toBe("▸ test");
  });

  it("flags red lines and lines naming an error or failure", () => {
    expect(isErrorLine("\u001b[31m✖ test failed: `npm test` exited with code 1\u001b[0m")).toBe(true);
    expect(isErrorLine("AssertionError [ERR_ASSERTION]: Expected values to be strictly equal")).toBe(true);
    expect(isErrorLine("not ok 1 - greets")).toBe(true);
    expect(isErrorLine("npm ERR! code 1")).toBe(true);
    expect(isErrorLine("\u001b[1;31mboom\u001b[0m")).toBe(true);
  });

  it("does not flag ordinary output that merely counts errors", () => {
    expect(isErrorLine("# fail 0")).toBe(false);
    expect(isErrorLine("0 errors, 2 warnings")).toBe(false);
    expect(isErrorLine("added 12 packages in 1s")).toBe(false);
  });
});
