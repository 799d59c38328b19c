/**
 * Slack's Block Kit limits (api.slack.com/reference/block-kit), checked the way Block Kit
 * Builder and the Web API do: a surface breaking any of them is refused whole
 * (`invalid_blocks`), so every rendered screen is checked against all of them.
 */

export type Surface = "message" | "home" | "modal";

type Json = Record<string, unknown>;

const maxBlocks: Record<Surface, number> = { message: 50, home: 100, modal: 100 };

function textOf(value: unknown): string | undefined {
  return typeof value === "object" && value !== null && "text" in value
    ? String((value as { text: unknown }).text)
    : undefined;
}

/** Every broken limit in a surface, as readable sentences (empty when valid). */
export function blockKitProblems(surface: Surface, payload: Json): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const blocks = (payload.blocks as Json[] | undefined) ?? [];
  check(Array.isArray(payload.blocks), "no blocks array");
  check(blocks.length <= maxBlocks[surface], `${blocks.length} blocks (max ${maxBlocks[surface]})`);
  if (surface === "message") {
    const text = String(payload.text ?? "");
    check(text.length > 0, "no fallback text");
    check(text.length <= 40_000, `fallback text of ${text.length} characters`);
  } else {
    check(payload.type === surface, `type ${String(payload.type)} is not ${surface}`);
  }
  if (surface === "modal") {
    for (const key of ["title", "submit", "close"] as const) {
      const t = textOf(payload[key]);
      if (t !== undefined) check(t.length <= 24, `modal ${key} over 24 characters: ${t}`);
    }
    check(textOf(payload.title) !== undefined, "modal without a title");
    check(
      String(payload.private_metadata ?? "").length <= 3000,
      "private_metadata over 3000 characters",
    );
    const hasInput = blocks.some((b) => b.type === "input");
    check(!hasInput || payload.submit !== undefined, "a modal with inputs needs a submit button");
  }
  const blockIds = new Set<string>();
  const button = (el: Json, where: string) => {
    check(String(textOf(el.text) ?? "").length <= 75, `${where}: button text over 75 characters`);
    check(String(el.value ?? "").length <= 2000, `${where}: button value over 2000 characters`);
    check(String(el.action_id ?? "").length <= 255, `${where}: action_id over 255 characters`);
  };
  blocks.forEach((block, i) => {
    const where = `block ${i} (${String(block.type)})`;
    if (typeof block.block_id === "string") {
      check(block.block_id.length <= 255, `${where}: block_id over 255 characters`);
      check(!blockIds.has(block.block_id), `${where}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    const element = (el: Json) => {
      if (typeof el.action_id === "string") {
        check(!actionIds.has(el.action_id), `${where}: duplicate action_id ${el.action_id}`);
        actionIds.add(el.action_id);
      }
      if (el.type === "button") button(el, where);
      if (el.type === "static_select") {
        const options = (el.options as Json[] | undefined) ?? [];
        check(options.length >= 1 && options.length <= 100, `${where}: 1–100 options`);
        for (const o of options) {
          check(String(textOf(o.text)).length <= 75, `${where}: option text over 75 characters`);
          check(String(o.value).length <= 150, `${where}: option value over 150 characters`);
        }
      }
      if (el.type === "plain_text_input" && el.max_length !== undefined) {
        check(Number(el.max_length) <= 3000, `${where}: max_length over 3000`);
      }
      const placeholder = textOf(el.placeholder);
      if (placeholder) check(placeholder.length <= 150, `${where}: placeholder over 150`);
    };
    switch (block.type) {
      case "section": {
        const text = textOf(block.text);
        const fields = (block.fields as Json[] | undefined) ?? [];
        check(text !== undefined || fields.length > 0, `${where}: neither text nor fields`);
        if (text !== undefined) {
          check(text.length >= 1 && text.length <= 3000, `${where}: text of ${text.length}`);
        }
        check(fields.length <= 10, `${where}: ${fields.length} fields (max 10)`);
        for (const f of fields) {
          check(String(textOf(f)).length <= 2000, `${where}: a field over 2000 characters`);
        }
        if (block.accessory) element(block.accessory as Json);
        break;
      }
      case "header": {
        const text = textOf(block.text) ?? "";
        check((block.text as Json)?.type === "plain_text", `${where}: header must be plain_text`);
        check(text.length >= 1 && text.length <= 150, `${where}: header of ${text.length}`);
        break;
      }
      case "context": {
        const elements = (block.elements as Json[] | undefined) ?? [];
        check(elements.length >= 1 && elements.length <= 10, `${where}: 1–10 elements`);
        for (const e of elements) {
          check(String(textOf(e)).length <= 3000, `${where}: element over 3000 characters`);
        }
        break;
      }
      case "actions": {
        const elements = (block.elements as Json[] | undefined) ?? [];
        check(elements.length >= 1 && elements.length <= 25, `${where}: 1–25 elements`);
        for (const e of elements) element(e);
        break;
      }
      case "input": {
        check(surface !== "message", `${where}: input blocks belong in modals`);
        check(String(textOf(block.label)).length <= 2000, `${where}: label over 2000`);
        const hint = textOf(block.hint);
        if (hint) check(hint.length <= 2000, `${where}: hint over 2000`);
        element(block.element as Json);
        break;
      }
      case "divider":
        break;
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  return problems;
}
