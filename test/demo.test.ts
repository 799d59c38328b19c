import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const exec = promisify(execFile);

it("npm run demo ingests seeds/ and prints the ranking and a digest preview", async () => {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: "memory://" };
  const { stdout } = await exec(process.execPath, ["--import", "tsx", "src/demo.ts"], { env });
  expect(stdout).toMatch(/interview-examples\.txt: added 8 candidate\(s\) \(ai-interviewer\)/);
  expect(stdout).toMatch(/Candidates, best first \(8\)/);
  const ranked = stdout
    .split("\n")
    .filter((line) => /^\d+\s{2}/.test(line))
    .map((line) => Number(line.split(/\s{2,}/)[4]));
  expect(ranked).toHaveLength(8);
  expect([...ranked].sort((a, b) => b - a)).toEqual(ranked);
  expect(stdout).toMatch(/Digest preview/);
  expect(stdout).toMatch(/8 interviews with 8 candidates/);
}, 60_000);
