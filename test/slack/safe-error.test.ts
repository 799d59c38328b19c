import { describe, expect, it } from "vitest";
import { safeError } from "../../src/slack/safe-error.js";

describe("safeError", () => {
  it("keeps only stack frames, not the lines of a multi-line message that carry query params", () => {
    const error = new Error(
      "Failed query: select 1 from candidates where name = $1\nparams: T1,jane doe",
    );
    const safe = safeError(error);
    expect(safe.message).toBe("Failed query: select 1 from candidates where name = $1");
    expect(safe.stack).toBeDefined();
    expect(safe.stack).not.toContain("jane doe");
    expect(safe.stack?.split("\n").every((line) => /^\s+at /u.test(line))).toBe(true);
  });

  it("drops fields a database error carries beside its message", () => {
    const error = Object.assign(new Error("duplicate key value"), {
      code: "23505",
      detail: "Key (normalized_name)=(jane doe) already exists.",
    });
    expect(JSON.stringify(safeError(error))).not.toContain("jane doe");
    expect(safeError(error).code).toBe("23505");
  });
});
