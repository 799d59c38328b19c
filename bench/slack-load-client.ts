/**
 * The load generator for bench/slack.bench.ts, run as its own process so that sending 50
 * concurrent requests and reading their responses does not compete with the app for its event
 * loop (Slack's servers are not in the app's process either). Reads a JSON job on stdin, sends
 * signed `/candidate` commands, prints `{"ack":[ms…],"sentAt":{path:epochMs}}` on stdout.
 *
 * It uses node:http rather than fetch: fetch's per-request overhead made this process the
 * bottleneck (its event loop lagged 12 ms at p50 and requests waited up to 400 ms in it before
 * reaching the app, while the app answered every one within 8 ms of receiving it).
 * `connections: "keep-alive"` opens one connection per client before measuring and reuses it,
 * as a proxy in front of the app would; `"new"` opens a fresh connection for every request.
 *
 * `mode: "burst"` sends the next command as soon as the previous one is acknowledged, so the
 * whole round is queued at once and the stand-in times the answers. `mode: "steady"` is 50
 * people at their keyboards: each client waits for its answer before sending again, so this
 * process receives the answers itself (the response_url points at a server of its own) and
 * prints `answer` beside `ack`.
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { signedHeaders, slashCommandBody } from "../test/helpers/slack-requests.js";

const jobSchema = z.object({
  url: z.string(),
  secret: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  /** Who sends the commands, in turn: request i comes from userIds[i % length]. */
  userIds: z.array(z.string()).min(1),
  responseBase: z.string(),
  concurrency: z.number().int().positive(),
  connections: z.enum(["keep-alive", "new"]),
  mode: z.enum(["burst", "steady"]).default("burst"),
  /** Prefix for the response_url paths, so two runs against one stand-in do not collide. */
  tag: z.string(),
  texts: z.array(z.string()),
});

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const job = jobSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));

const agent = new Agent({
  keepAlive: job.connections === "keep-alive",
  maxSockets: job.concurrency,
});

/** Sends one request and resolves with its HTTP status once the whole response has arrived. */
function send(
  path: string,
  method: "GET" | "POST",
  headers: Record<string, string> = {},
  body = "",
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, job.url),
      { method, agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

if (job.connections === "keep-alive") {
  await Promise.all(Array.from({ length: job.concurrency }, () => send("/healthz", "GET")));
}

/** Steady mode: answers arrive here; each waiting client is woken by its own path. */
const waiting = new Map<string, () => void>();
const answers = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    waiting.get(req.url ?? "")?.();
    waiting.delete(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
let responseBase = job.responseBase;
if (job.mode === "steady") {
  await new Promise<void>((resolve) => answers.listen(0, "127.0.0.1", resolve));
  responseBase = `http://127.0.0.1:${(answers.address() as AddressInfo).port}`;
}

const ack: number[] = [];
const answer: number[] = [];
const sentAt: Record<string, number> = {};
let next = 0;
async function worker(): Promise<void> {
  while (next < job.texts.length) {
    const i = next++;
    const path = `/response/${job.tag}/${i}`;
    const body = slashCommandBody({
      team_id: job.teamId,
      channel_id: job.channelId,
      user_id: job.userIds[i % job.userIds.length] as string,
      text: job.texts[i] as string,
      response_url: `${responseBase}${path}`,
    });
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      ...signedHeaders(job.secret, body),
    };
    sentAt[path] = Date.now();
    const answered =
      job.mode === "steady"
        ? new Promise<void>((resolve) => waiting.set(path, resolve))
        : Promise.resolve();
    const started = performance.now();
    const status = await send("/slack/events", "POST", headers, body);
    if (status !== 200) throw new Error(`command answered HTTP ${status}`);
    ack.push(performance.now() - started);
    if (job.mode === "steady") {
      await Promise.race([
        answered,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no answer to ${path} within 60 s`)), 60_000).unref(),
        ),
      ]);
      answer.push(performance.now() - started);
    }
  }
}
await Promise.all(Array.from({ length: job.concurrency }, worker));
agent.destroy();
answers.close();
process.stdout.write(`${JSON.stringify({ ack, answer, sentAt })}\n`);
