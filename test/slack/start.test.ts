import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEvent, slackFixture } from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { BOT_TOKEN, SIGNING_SECRET } from "./harness.js";

/** `npm start` itself (src/app.ts) in HTTP mode: it listens, answers Slack, stops on SIGTERM. */
describe("npm start in HTTP mode", () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(() => slack?.close());

  it("serves /healthz and Slack's URL verification, and exits cleanly on SIGTERM", {
    timeout: 120_000,
  }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/app.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        DATA_DIR: "memory://",
        PORT: "0",
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const match = out.match(/"msg":"listening on port (\d+)"/);
        if (match) resolve(Number(match[1]));
      });
      void exited.then((code) => reject(new Error(`exited early (${code})`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const verification = slackFixture("events/url_verification.json");
    const res = await sendEvent(url, SIGNING_SECRET, verification);
    expect(res.status).toBe(200);
    expect(res.text).toContain(String(verification.challenge));

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

/** The lowest Node version `engines` admits, e.g. ">=20.12" → [20, 12, 0]. */
function declaredMinimumNode(): [number, number, number] {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    engines: { node: string };
  };
  const match = pkg.engines.node.match(/^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/u);
  if (!match) throw new Error(`engines.node is not a plain minimum: ${pkg.engines.node}`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

describe("npm start with a .env file", () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(() => slack?.close());

  it("declares a Node range where process.loadEnvFile exists (added in 20.12.0)", () => {
    const [major, minor] = declaredMinimumNode();
    // src/config.ts reads .env with process.loadEnvFile: 20.11 would crash at start-up.
    expect(major > 20 || (major === 20 && minor >= 12)).toBe(true);
    expect(typeof process.loadEnvFile).toBe("function");
  });

  it("reads its settings from .env in the working directory and starts", {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "hiring-env-"));
    try {
      writeFileSync(
        join(dir, ".env"),
        [
          "# copied from .env.example and filled in",
          "DATABASE_URL=",
          "DATA_DIR=memory://",
          "PORT=0",
          `SLACK_BOT_TOKEN=${BOT_TOKEN}`,
          `SLACK_SIGNING_SECRET="${SIGNING_SECRET}"`,
          `SLACK_API_URL=${slack.url}`,
          "LOG_LEVEL=info",
          "",
        ].join("\n"),
      );
      const appPath = fileURLToPath(new URL("../../src/app.ts", import.meta.url));
      const tsx = import.meta.resolve("tsx");
      // Nothing but PATH and HOME in the environment: every setting has to come from .env.
      const child = spawn(process.execPath, ["--import", tsx, appPath], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      let errors = "";
      child.stderr.on("data", (d: Buffer) => {
        errors += d.toString();
      });
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const match = out.match(/"msg":"listening on port (\d+)"/);
          if (match) resolve(Number(match[1]));
        });
        void exited.then((code) => reject(new Error(`exited early (${code}): ${out}${errors}`)));
      });
      // The signing secret came from .env: a request signed with it is accepted.
      const verification = slackFixture("events/url_verification.json");
      const res = await sendEvent(`http://127.0.0.1:${port}`, SIGNING_SECRET, verification);
      expect(res.status).toBe(200);
      expect(slack.calls("auth.test").at(-1)?.token).toBe(BOT_TOKEN);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("createSlackApp start-up", () => {
  // Opens a PGlite database and migrates it: over 30 s on a loaded CI host.
  it("refuses a token Slack does not accept, in one sentence", { timeout: 120_000 }, async () => {
    const { loadConfig } = await import("../../src/config.js");
    const { createLogger } = await import("../../src/logger.js");
    const { createSlackApp } = await import("../../src/slack/create-app.js");
    const { createTestDb } = await import("../helpers/db.js");
    const slack = await startSlackStandIn({ botToken: "xoxb-the-real-one" });
    const testDb = await createTestDb("pglite");
    try {
      const config = loadConfig({
        SLACK_BOT_TOKEN: "xoxb-revoked",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        LOG_LEVEL: "silent",
      });
      const app = createSlackApp({ config, db: testDb.db, logger: createLogger(config) });
      await expect(app.start(0)).rejects.toThrow(
        /Slack did not accept SLACK_BOT_TOKEN \(invalid_auth\)/,
      );
    } finally {
      await testDb.cleanup();
      await slack.close();
    }
  });
});
