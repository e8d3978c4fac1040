import { describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors";
import { DB_UNAVAILABLE_MESSAGE } from "../db-unavailable";
import { ERROR_TABLE, knownError } from "./error-table";

describe("the one error table", () => {
  it("maps every DomainError code to an HTTP status and a tRPC code", () => {
    expect(knownError(new DomainError("BAD_INPUT", "Name it.", "name"))).toEqual({
      code: "BAD_INPUT",
      status: 400,
      trpc: "BAD_REQUEST",
      message: "Name it.",
      field: "name",
    });
    expect(Object.entries(ERROR_TABLE).map(([k, v]) => `${k} ${v.status} ${v.trpc}`)).toEqual([
      "BAD_INPUT 400 BAD_REQUEST",
      "UNAUTHORIZED 401 UNAUTHORIZED",
      "FORBIDDEN 403 FORBIDDEN",
      "NOT_FOUND 404 NOT_FOUND",
      "CONFLICT 409 CONFLICT",
      "UNAVAILABLE 503 SERVICE_UNAVAILABLE",
    ]);
  });

  it("an unreachable database anywhere in the cause chain is a 503 with the one message; other errors are unknown", () => {
    const db = new Error("query failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    });
    expect(knownError(db)).toEqual({ code: "UNAVAILABLE", status: 503, trpc: "SERVICE_UNAVAILABLE", message: DB_UNAVAILABLE_MESSAGE });
    expect(knownError(new Error("TypeError: x is undefined"))).toBeNull();
  });

  it("a DomainError keeps its own code even when its words look like a network failure (a git remote refusing)", () => {
    expect(knownError(new DomainError("UNAVAILABLE", "The remote answered: Connection refused"))).toMatchObject({
      status: 503,
      message: "The remote answered: Connection refused",
    });
    expect(knownError(new DomainError("BAD_INPUT", "ECONNREFUSED is not a branch"))).toMatchObject({ status: 400 });
  });
});
