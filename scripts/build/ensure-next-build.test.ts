import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIsFresh, sourceHash, stampBuild } from "./ensure-next-build";

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the e2e server's `.next` build", () => {
  it("is fresh only while the sources it was built from are unchanged", () => {
    root = mkdtempSync(path.join(os.tmpdir(), "slipway-build-"));
    write("app/page.tsx", "export default function Page() { return null; }\n");
    write("server/env.ts", "export const a = 1;\n");
    write("next.config.ts", "export default {};\n");
    expect(buildIsFresh(root)).toBe(false); // never built

    write(".next/BUILD_ID", "abc\n");
    expect(buildIsFresh(root)).toBe(false); // built, but from unknown sources (the old check said yes)
    stampBuild(root);
    expect(buildIsFresh(root)).toBe(true);

    const before = sourceHash(root);
    write("server/env.test.ts", "test file\n");
    write("components/ui/x.spec.tsx", "spec\n");
    expect(sourceHash(root)).toBe(before); // tests are not part of the build
    write("components/ui/button.tsx", "export const B = 1;\n");
    expect(buildIsFresh(root)).toBe(false); // a new component
    stampBuild(root);
    write("next.config.ts", "export default { reactStrictMode: true };\n");
    expect(buildIsFresh(root)).toBe(false); // a config file
  });
});
