import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadYaml, loadYamlWithPositions } from "./load-yaml";

const corpusDir = path.resolve(__dirname, "../../../../shared/corpus/serverless-print");

function yamlFilesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesOf(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

describe("reading serverless.yml", () => {
  const files = yamlFilesOf(corpusDir);

  it("reads every corpus file exactly as the positioned path does", () => {
    expect(files.length).toBeGreaterThan(55);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      let careful: unknown;
      try {
        careful = loadYamlWithPositions(text, "serverless.yml");
      } catch (error) {
        expect(() => loadYaml(text, "serverless.yml"), file).toThrow((error as Error).message);
        continue;
      }
      expect(loadYaml(text, "serverless.yml"), file).toEqual(careful);
    }
  });

  it("expands CloudFormation short tags on scalars, sequences and mappings", () => {
    const text = [
      "a: !Ref Table",
      "b: !GetAtt Table.StreamArn",
      "c: !Join ['', [arn, !Ref AWS::Region]]",
      "d: !Sub { Name: x }",
      "e: !GetAtt [Table, Arn]",
    ].join("\n");
    const expected = {
      a: { Ref: "Table" },
      b: { "Fn::GetAtt": ["Table", "StreamArn"] },
      c: { "Fn::Join": ["", ["arn", { Ref: "AWS::Region" }]] },
      d: { "Fn::Sub": { Name: "x" } },
      e: { "Fn::GetAtt": ["Table", "Arn"] },
    };
    expect(loadYaml(text, "serverless.yml")).toEqual(expected);
    expect(loadYamlWithPositions(text, "serverless.yml")).toEqual(expected);
  });

  it("keeps anchors, aliases and merge keys working", () => {
    const text = "base: &base { memorySize: 512, timeout: 6 }\nfn:\n  <<: *base\n  timeout: 30\n";
    expect(loadYaml(text, "serverless.yml")).toEqual({ base: { memorySize: 512, timeout: 6 }, fn: { memorySize: 512, timeout: 30 } });
  });

  it("names the line and column of a syntax error", () => {
    expect(() => loadYaml("service: a\nprovider:\n  name: aws\n   runtime: x\n", "serverless.yml")).toThrow(/^serverless\.yml:3:9: /);
  });
});
