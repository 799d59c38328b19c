import { describe, expect, it } from "vitest";
import { analyse } from "../../../src/scoring/nlp.js";
import { clarity } from "../../../src/scoring/signals/clarity.js";
import { relevance } from "../../../src/scoring/signals/relevance.js";
import { structure } from "../../../src/scoring/signals/structure.js";
import { compounds, lexicalVariety, substance } from "../../../src/scoring/signals/substance.js";

/** One test per signal, each checking that the reason quotes the phrase that triggered it. */

describe("clarity", () => {
  it("counts fillers and quotes them", () => {
    const r = clarity(
      analyse("Uh, so, um, I- I think it's, like, uh, basically a list."),
      "What is a list?",
    );
    expect(r.fillerRate).toBeGreaterThan(0.3);
    expect(r.findings[0]?.reason).toMatch(/Many fillers .*"Uh"/);
  });

  it("does not count 'like' as a filler when it is a verb or means 'such as'", () => {
    const r = clarity(
      analyse("I like Postgres, and I would use tools like pgbench to measure it."),
      "Which database do you like?",
    );
    expect(r.fillerRate).toBe(0);
  });

  it("flags a non-answer with its words", () => {
    const r = clarity(analyse("I'm not really sure what else."), "What else?");
    expect(r.nonAnswers).toBe(1);
    expect(r.findings.map((f) => f.reason).join(" ")).toContain('"I\'m not really sure what else"');
  });

  it("treats 'not sure, but I would…' as an honest recovery", () => {
    const r = clarity(
      analyse("I'm not sure of the exact API, but I would check the docs and write a quick test."),
      "How does the API work?",
    );
    expect(r.nonAnswers).toBe(0);
    expect(r.honestRecoveries).toBe(1);
  });

  it("notices the question echoed back", () => {
    const r = clarity(
      analyse("Technical challenges? Hmm. Keeping it updated."),
      "What technical challenges did you face?",
    );
    expect(r.findings.map((f) => f.reason).join(" ")).toContain(
      'Repeats the question back: "Technical challenges?"',
    );
  });
});

describe("substance", () => {
  it("finds names, numbers, causes and outcomes", () => {
    const r = substance(
      analyse(
        "We moved session reads from Postgres to Redis because the database was saturated. That cut p95 latency from 800 ms to 120 ms.",
      ),
    );
    expect(r.named).toEqual(expect.arrayContaining(["Postgres", "Redis"]));
    expect(r.quantities).toEqual(expect.arrayContaining(["800 ms", "120 ms"]));
    expect(r.score).toBeGreaterThan(40);
    expect(r.findings.map((f) => f.reason).join(" ")).toMatch(/Names specifics.*"Postgres"/);
  });

  it("keeps hyphenated and slashed names whole", () => {
    expect(
      substance(analyse("We compared SARSA with Q-learning in our CI/CD runs.")).named,
    ).toEqual(expect.arrayContaining(["SARSA", "Q-learning", "CI/CD"]));
  });

  it("penalises buzzwords that carry no claim", () => {
    const r = substance(
      analyse("Our holistic, best-in-class platform creates synergy and seamless value."),
    );
    expect(r.score).toBeLessThan(15);
    expect(r.findings.map((f) => f.reason).join(" ")).toMatch(
      /Buzzwords without a claim.*"holistic"/,
    );
  });

  it("measures word variety independently of length", () => {
    const repetitive = analyse("you change it you change it when you change it ".repeat(6));
    const varied = analyse(
      "Lists are mutable sequences, tuples are immutable, so tuples can be dictionary keys and are slightly cheaper to allocate, which matters in hot loops.",
    );
    expect(lexicalVariety(repetitive)).toBeLessThan(lexicalVariety(varied));
  });
});

describe("relevance", () => {
  it("rewards covering the question's subject and quotes it", () => {
    const ask = analyse("Can you explain the Virtual DOM in React?");
    const on = relevance(
      ask,
      "concept",
      analyse("The Virtual DOM is React's in-memory copy of the DOM, so it can diff changes."),
    );
    const off = relevance(
      ask,
      "concept",
      analyse("I enjoy hiking and I organised a charity run last spring for my team."),
    );
    expect(on.score).toBeGreaterThan(off.score + 30);
    expect(on.findings[0]?.reason).toMatch(/Addresses what was asked: .*"DOM"/);
    expect(off.findings.map((f) => f.reason).join(" ")).toMatch(/Does not address/);
  });

  it("accepts on-theme behavioural answers that never repeat the question's words", () => {
    const ask = analyse("Tell me about a time you demonstrated leadership.");
    const r = relevance(
      ask,
      "experience",
      analyse(
        "I was captain of our robotics team and organised practices three times a week; we finished third.",
      ),
    );
    expect(r.score).toBeGreaterThan(60);
  });
});

describe("structure", () => {
  it("finds situation, action and result in a story", () => {
    const r = structure(
      "experience",
      analyse(
        "At Acme the goal was to cut build times. I introduced remote caching. As a result builds dropped from 20 to 6 minutes.",
      ),
      "Tell me about a time…",
    );
    expect(r.present).toEqual(["situation", "action", "result"]);
    expect(r.findings[0]?.reason).toMatch(/Well structured/);
  });

  it("names the missing parts of a concept answer", () => {
    const r = structure(
      "concept",
      analyse("Yeah, I have used that a few times before."),
      "Explain X.",
    );
    expect(r.absent.length).toBeGreaterThan(1);
    expect(r.findings[0]?.reason).toMatch(/^(?:Does not give|Gives .* but not) .*an example/);
  });
});

describe("spoken-transcript details", () => {
  it("reads curly apostrophes like straight ones", () => {
    const r = clarity(analyse("I’m not sure. I don’t know."), "What is a mutex?");
    expect(r.nonAnswers).toBeGreaterThan(0);
  });

  it("does not count a narrative 'I had no idea' as declining to answer", () => {
    const r = clarity(
      analyse("When I came to MIT I had no idea about graphics, so I took two classes on it."),
      "Tell me about yourself.",
    );
    expect(r.nonAnswers).toBe(0);
  });

  it("never treats hesitations as names, terms or topic words", () => {
    const a = analyse("Uhh hmm so umm uhh class was hard. We got 5th in 2012.");
    expect(substance(a).named).not.toContain("5th");
    expect(compounds(a).join(" ")).not.toMatch(/uhh|umm|hmm/);
    const ask = analyse("So uhh tell me about a time you led a team.");
    expect(relevance(ask, "experience", a).terms.map((t) => t.value)).not.toContain("uhh");
  });
});
