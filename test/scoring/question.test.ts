import { describe, expect, it } from "vitest";
import { classifyAsk, splitQuestion } from "../../src/scoring/question.js";

describe("splitQuestion", () => {
  it("separates praise and context from the actual question", () => {
    const q = splitQuestion(
      "That's a great example, James. It highlights your thinking.\n\nNow, let's shift to some technical questions. Can you describe a situation where you had to design a microservices architecture?",
    );
    expect(q.preamble).toContain("great example, James");
    expect(q.ask).toBe(
      "Can you describe a situation where you had to design a microservices architecture?",
    );
    expect(q.kind).toBe("experience");
  });

  it("treats imperatives as questions", () => {
    expect(splitQuestion("Ok well  so please tell me about yourself.").kind).toBe("self");
    expect(splitQuestion("Oh yes.  Alright tell me about one of your weaknesses.").ask).toMatch(
      /^Alright tell me/,
    );
  });

  it("recognises small talk and closings", () => {
    expect(splitQuestion("So how are you doing?").kind).toBe("small_talk");
    expect(splitQuestion("Well thank you.").kind).toBe("not_a_question");
  });

  it("tells experience, design and concept questions apart", () => {
    expect(classifyAsk("Tell me about a time you faced a conflict.")).toBe("experience");
    expect(classifyAsk("How would you design a rate limiter?")).toBe("design");
    expect(classifyAsk("Explain the difference between a list and a tuple.")).toBe("concept");
  });
});

describe("spoken questions", () => {
  it("ignores hesitations and missing question marks", () => {
    expect(splitQuestion("So  uhh  how are you doing?").kind).toBe("small_talk");
    expect(splitQuestion("Great what are your career goals.").ask).toBe(
      "Great what are your career goals.",
    );
    expect(splitQuestion("And why do you think we should hire you?").kind).toBe("self");
  });

  it("lets a nudge inherit the previous question", async () => {
    const { continueQuestion } = await import("../../src/scoring/question.js");
    const previous = splitQuestion("Tell me about a time you faced a challenge on a team.");
    const nudge = continueQuestion(splitQuestion("It's ok take your time."), previous, 40);
    expect(nudge).toMatchObject({ ask: previous.ask, kind: "experience", followUp: true });
    expect(continueQuestion(splitQuestion("Well thank you."), previous, 0).kind).toBe(
      "not_a_question",
    );
  });
});
