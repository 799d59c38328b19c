import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const exec = promisify(execFile);

it("npm start without Slack credentials exits non-zero naming the variables to set", async () => {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: "memory://" };
  const result = await exec(process.execPath, ["--import", "tsx", "src/app.ts"], { env }).then(
    () => ({ code: 0, stderr: "" }),
    (e: { code: number; stderr: string }) => e,
  );
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/SLACK_BOT_TOKEN/);
  expect(result.stderr).toMatch(/SLACK_SIGNING_SECRET/);
  expect(result.stderr).toMatch(/README/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
