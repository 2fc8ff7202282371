// Reading server-rendered markup the way a browser would before any script runs: the host's attributes and the
// words inside its declarative shadow root.

export interface RenderedElement {
  attributes: Record<string, string>;
  /** The declarative shadow root's markup, or undefined if the element has none. */
  shadowRoot?: string;
}

/** The first `<tag>` in `markup`, with its declarative shadow root (`<template shadowrootmode="open">`). */
export function renderedElement(markup: string, tag: string): RenderedElement | undefined {
  const open = new RegExp(`<${tag}(\\s[^>]*)?>`).exec(markup);
  if (!open) return undefined;
  const attributes = Object.fromEntries([...(open[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map(([, name, value]) => [name!, decode(value ?? '')]));
  const rest = markup.slice(open.index + open[0].length);
  const shadow = /^\s*<template\s[^>]*\bshadowrootmode="open"[^>]*>([\s\S]*?)<\/template>/.exec(rest);
  return { attributes, shadowRoot: shadow?.[1] };
}

/** The text a person would see: no styles, no comments, no tags, entities decoded, spaces collapsed. */
export function visibleText(markup: string): string {
  return decode(markup.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The `<tag part="name">…</tag>` elements inside `markup`, as the text they show. */
export function partTexts(markup: string, name: string): string[] {
  const parts = new RegExp(`<(\\w+)\\s[^>]*\\bpart="(?:[^"]*\\s)?${name}(?:\\s[^"]*)?"[^>]*>([\\s\\S]*?)</\\1>`, 'g');
  return [...markup.matchAll(parts)].map((m) => visibleText(m[2]!));
}

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
