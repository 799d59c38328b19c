import { describe, expect, it } from "vitest";
import { scoreAnswer, scoreCandidate, TIER_RULE } from "../../src/scoring/index.js";
import type { Answer, Candidate } from "../../src/transcript/model.js";

/** Behavioural tests: they pin the scorer's character rather than exact numbers. */

function answer(question: string, text: string, n = 1): Answer {
  return { n, question, answer: text, sourceRelevance: null, struggled: false };
}

function candidate(answers: Answer[], role: string | null = "Backend Engineer"): Candidate {
  return { name: "Test Person", role, sourceTier: null, answers };
}

const THREADS_Q = "Can you explain the difference between a process and a thread?";

const SHORT_CORRECT =
  "A process has its own memory space, while threads share the memory of their process. So threads are cheaper to create and switch, but because they share memory they need locks to avoid race conditions.";

const LONG_OFF_TOPIC =
  "Absolutely, that is a great question. At my last company I led a team of twelve engineers through a big reorganisation of our product roadmap. We ran workshops with stakeholders from sales and marketing, built a shared vision for the next two years, and aligned every squad on quarterly objectives. I organised weekly town halls, wrote a newsletter for the whole department and introduced a mentoring programme for junior colleagues. As a result, employee satisfaction went up by 20% and we shipped the new onboarding experience three months early. I am very proud of how the team grew, how we communicated, and how much trust we built with our partners across the business during that year.";

describe("scorer character", () => {
  it("scores a long, fluent, off-topic answer below a short correct one", () => {
    const offTopic = scoreAnswer(answer(THREADS_Q, LONG_OFF_TOPIC));
    const correct = scoreAnswer(answer(THREADS_Q, SHORT_CORRECT));
    expect(offTopic.scored.score).toBeLessThan(correct.scored.score);
    expect(offTopic.scored.parts.relevance).toBeLessThan(correct.scored.parts.relevance);
    expect(offTopic.scored.reasons.join(" ")).toMatch(/Does not address/);
  });

  it("scores buzzwords without claims below a plain specific answer", () => {
    const q = "How did you improve the performance of your checkout service?";
    const buzz = scoreAnswer(
      answer(
        q,
        "We leveraged a holistic, best-in-class approach to drive synergy across the stack. Our innovative, cutting-edge and scalable solution was a real game-changer and delivered seamless, world-class value end-to-end.",
      ),
    );
    const plain = scoreAnswer(
      answer(
        q,
        "I put a Redis cache in front of the orders table, because every checkout read the same product rows. That cut p95 latency from 800 ms to 120 ms.",
      ),
    );
    expect(buzz.scored.score).toBeLessThan(plain.scored.score);
    expect(buzz.scored.reasons.join(" ")).toMatch(/Buzzwords with(?:out a claim| no mechanism)/);
    // The plain answer's reasons quote what it said: the tool or the measured change.
    expect(plain.scored.reasons.join(" ")).toMatch(/"Redis"|p95 latency from 800 ms/);
  });

  it("takes a concise expert answer of about 100 words to at least strong", () => {
    const q =
      "Tell me about a time you fixed a performance problem in production. What did you do and what was the outcome?";
    const expert =
      "At Shopify our checkout API slowed to a p95 of 900 ms during flash sales. I profiled it with pprof and found that each request opened a new Postgres connection, because the pool was sized for normal traffic. I put PgBouncer in transaction mode in front of the database and cut the pool per pod from 50 to 10, which removed the connection storms. I also added a Grafana alert on pool wait time. As a result p95 dropped to 180 ms and we handled three times the previous peak without errors. The trade-off was losing session-level prepared statements, so we switched those queries to plain parameters.";
    expect(expert.split(/\s+/).length).toBeLessThan(125);
    const scored = scoreCandidate(
      candidate([answer(q, expert, 1), answer(q, expert, 2), answer(q, expert, 3)]),
    );
    expect(["strong", "exceptional"]).toContain(scored.tier);
    expect(scored.score).toBeGreaterThanOrEqual(TIER_RULE.strong);
  });

  it("puts hesitant non-answers in the weak tier however long they run", () => {
    const q = "Can you explain how a hash map handles collisions?";
    const hesitant = "Uh, I guess, I'm not sure. Um, maybe it, like, stores things? I don't know. ";
    for (const repeat of [1, 4, 12]) {
      const text = hesitant.repeat(repeat).trim();
      const scored = scoreCandidate(
        candidate([answer(q, text, 1), answer(q, text, 2), answer(q, text, 3)]),
      );
      expect(scored.tier).toBe("weak");
      expect(scored.concerns.join(" ")).toMatch(/cannot answer|Could not answer/);
    }
  });

  it("keeps relevance the same whatever praise precedes the question", () => {
    const bare = scoreAnswer(answer(THREADS_Q, SHORT_CORRECT));
    const withPreamble = scoreAnswer(
      answer(
        `That's a great example, James. Your explanation of Kubernetes autoscaling, Terraform modules and the migration was excellent.\n\nNow, let's shift to some fundamentals. ${THREADS_Q}`,
        SHORT_CORRECT,
      ),
    );
    expect(withPreamble.question.ask).toBe(THREADS_Q);
    expect(withPreamble.scored.parts.relevance).toBe(bare.scored.parts.relevance);
    expect(withPreamble.scored.score).toBe(bare.scored.score);
  });

  it("rewards an honest gap with a way forward over a bare 'I don't know'", () => {
    const q = "What does the CAP theorem say about distributed databases?";
    const bare = scoreAnswer(answer(q, "I don't know. I have never heard of it."));
    const honest = scoreAnswer(
      answer(
        q,
        "I'm not sure about the exact wording, but I would say it is about distributed databases: during a network partition you have to choose between consistency and availability, because replicas cannot agree without talking to each other.",
      ),
    );
    expect(honest.clarity.nonAnswers).toBe(0);
    expect(honest.clarity.honestRecoveries).toBe(1);
    expect(honest.scored.score).toBeGreaterThan(bare.scored.score + 20);
  });

  it("gives identical results across runs", () => {
    const c = candidate([
      answer(THREADS_Q, SHORT_CORRECT, 1),
      answer("Tell me about a time you led a team.", LONG_OFF_TOPIC, 2),
    ]);
    const first = JSON.stringify(scoreCandidate(c));
    for (let i = 0; i < 3; i++) expect(JSON.stringify(scoreCandidate(c))).toBe(first);
  });

  it("scores an empty answer 0 and flags it as unanswered", () => {
    const scored = scoreCandidate(
      candidate([answer(THREADS_Q, SHORT_CORRECT, 1), answer("What is a mutex?", "", 2)]),
    );
    expect(scored.answers[1]?.score).toBe(0);
    expect(scored.flags).toContainEqual(
      expect.objectContaining({ kind: "unanswered_question", n: 2 }),
    );
  });

  it("does not count small talk in the candidate score", () => {
    const withSmallTalk = scoreCandidate(
      candidate([
        answer("So how are you doing?", "Good, thanks.", 1),
        answer(THREADS_Q, SHORT_CORRECT, 2),
      ]),
    );
    const without = scoreCandidate(candidate([answer(THREADS_Q, SHORT_CORRECT, 1)]));
    expect(withSmallTalk.score).toBe(without.score);
    expect(withSmallTalk.answers[0]?.reasons[0]).toMatch(/not counted/);
  });

  it("lowers confidence for a short interview", () => {
    const short = scoreCandidate(candidate([answer(THREADS_Q, "Threads share memory.", 1)]));
    const full = scoreCandidate(
      candidate([1, 2, 3].map((n) => answer(THREADS_Q, `${SHORT_CORRECT} ${SHORT_CORRECT}`, n))),
    );
    expect(short.confidence).toBeLessThan(0.5);
    expect(full.confidence).toBeGreaterThan(short.confidence);
  });

  it("lowers confidence for garbled text and says why", () => {
    const garbled =
      "Th3 qu!ck br0wn f#x jmpd ovr th lzy dg. xkcdq wrtlp @@## zzkx pltr qwrty mnbvc lkjh ~~ asdf ghjkl ### I wrkd at cmpny wth mny ppl. ".repeat(
        5,
      );
    const scored = scoreCandidate(
      candidate([1, 2, 3].map((n) => answer("Tell me about a project you led.", garbled, n))),
    );
    expect(scored.confidence).toBeLessThan(0.6);
    expect(scored.concerns.join(" ")).toMatch(/words look garbled/);
  });

  it("lowers confidence when the interviewer does most of the talking", () => {
    const longQuestion = `${"We value ownership, curiosity and clear communication across every team here. ".repeat(8)}${THREADS_Q}`;
    const scored = scoreCandidate(
      candidate([1, 2, 3].map((n) => answer(longQuestion, SHORT_CORRECT, n))),
    );
    expect(scored.confidence).toBeLessThan(0.9);
    const balanced = scoreCandidate(
      candidate([1, 2, 3].map((n) => answer(THREADS_Q, SHORT_CORRECT, n))),
    );
    expect(balanced.confidence).toBeGreaterThan(scored.confidence);
  });

  it("says so when the answers are not English, and does not call accents garbled", () => {
    const spanish =
      "Claro, en mi último proyecto migramos la base de datos a Postgres y redujimos la latencia en un cuarenta por ciento gracias a un índice nuevo.";
    const scored = scoreCandidate(
      candidate([1, 2, 3].map((n) => answer("Tell me about a project you led.", spanish, n))),
    );
    expect(scored.confidence).toBeLessThan(0.5);
    expect(scored.concerns.join(" ")).toMatch(/do not look like English/);
    expect(scored.concerns.join(" ")).not.toMatch(/garbled/);
  });
});
