/**
 * The load generator for bench/slack.bench.ts, run as its own process so that sending 50
 * concurrent requests and reading their responses does not compete with the app for its event
 * loop (Slack's servers are not in the app's process either). Reads a JSON job on stdin, sends
 * signed `/candidate` commands, prints `{"ack":[ms…],"sentAt":{path:epochMs}}` on stdout.
 */
import { z } from "zod";
import { sendCommand } from "../test/helpers/slack-requests.js";

const jobSchema = z.object({
  url: z.string(),
  secret: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  responseBase: z.string(),
  concurrency: z.number().int().positive(),
  texts: z.array(z.string()),
});

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const job = jobSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));

const ack: number[] = [];
const sentAt: Record<string, number> = {};
let next = 0;
async function worker(): Promise<void> {
  while (next < job.texts.length) {
    const i = next++;
    const path = `/response/bench/${i}`;
    sentAt[path] = Date.now();
    const res = await sendCommand(job.url, job.secret, {
      team_id: job.teamId,
      channel_id: job.channelId,
      user_id: job.userId,
      text: job.texts[i] as string,
      response_url: `${job.responseBase}${path}`,
    });
    if (res.status !== 200) throw new Error(`command answered HTTP ${res.status}`);
    ack.push(res.ms);
  }
}
await Promise.all(Array.from({ length: job.concurrency }, worker));
process.stdout.write(`${JSON.stringify({ ack, sentAt })}\n`);
