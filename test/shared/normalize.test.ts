import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTitleWord, normalizeName, normalizeRole } from "../../src/shared/normalize.js";

describe("normalizeName", () => {
  it.each([
    ["John Doe", "john doe"],
    ["  JOHN   doe ", "john doe"],
    ["Dr. Amanda Foster", "amanda foster"],
    ["Prof. Dr. Amanda Foster, PhD", "amanda foster"],
    ["Ms. Jane Smith", "jane smith"],
    ["Mr Michael Chen", "michael chen"],
    ["José Álvarez-Núñez", "jose alvarez nunez"],
    ["Zoë Ångström", "zoe angstrom"],
    ["Łukasz Strauß", "lukasz strauss"],
    ["Søren Kierkegaard", "soren kierkegaard"],
    ["O'Brien", "obrien"],
    ["Mary-Jane O’Neil", "mary jane oneil"],
    ["Martin Luther King Jr.", "martin luther king jr"],
    ["ＪＯＨＮ ＤＯＥ", "john doe"],
    ["Иван Петров", "иван петров"],
    ["李小龍", "李小龍"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it("keeps a title that is the whole name, so it is never empty", () => {
    expect(normalizeName("Dr.")).toBe("dr");
  });

  it("keeps names made only of symbols so they can still be matched exactly", () => {
    expect(normalizeName("🚀")).toBe("🚀");
    expect(normalizeName(" 100% ")).toBe("100");
    expect(normalizeName("%_\\")).toBe("%_\\");
  });

  it("folds the spellings a person would type to the same key", () => {
    const keys = new Set(
      [
        "Dr. Amanda Foster",
        "amanda foster",
        "AMANDA FOSTER",
        "Amanda  Föster",
        "amanda-foster",
      ].map(normalizeName),
    );
    expect(keys).toEqual(new Set(["amanda foster"]));
  });

  it("is idempotent and never returns an empty key for a non-blank name", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
        (name) => {
          const once = normalizeName(name);
          expect(once).not.toBe("");
          expect(normalizeName(once)).toBe(once);
        },
      ),
    );
  });
});

describe("normalizeRole", () => {
  it("folds case, accents and punctuation but keeps C++ and C#", () => {
    expect(normalizeRole("Senior Python Developer")).toBe("senior python developer");
    expect(normalizeRole("C++ / C# Engineer")).toBe("c++ c# engineer");
    expect(normalizeRole("Ingénieur Données")).toBe("ingenieur donnees");
    expect(normalizeRole(null)).toBe("");
  });
});

describe("isTitleWord", () => {
  it("recognises titles with or without a dot", () => {
    expect(isTitleWord("Dr.")).toBe(true);
    expect(isTitleWord("PhD")).toBe(true);
    expect(isTitleWord("Amanda")).toBe(false);
  });
});
