import { expect } from "vitest";

/** Slack's Block Kit limits that make a whole message fail when exceeded. */
export function expectWithinSlackLimits(blocks: unknown[], maxBlocks = 50): void {
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  for (const block of blocks as Array<Record<string, unknown>>) {
    const text = block.text as { type: string; text: string } | undefined;
    if (block.type === "section" && text) expect(text.text.length).toBeLessThanOrEqual(3000);
    if (block.type === "header" && text) expect(text.text.length).toBeLessThanOrEqual(150);
    for (const field of (block.fields as Array<{ text: string }> | undefined) ?? []) {
      expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    const buttons = [
      block.accessory,
      ...((block.elements as unknown[] | undefined) ?? []),
    ] as Array<Record<string, unknown> | undefined>;
    for (const b of buttons) {
      if (b?.type !== "button") continue;
      expect(String(b.value).length).toBeLessThanOrEqual(2000);
      expect(String((b.text as { text: string }).text).length).toBeLessThanOrEqual(75);
    }
  }
}
