/**
 * URLs and e-mail addresses, read symbol by symbol: "https://example.com/a" → "example dot com slash a",
 * "a.b@c.org" → "a dot b at c dot org". The scheme is dropped (nobody says "h t t p s colon slash slash"), "www" is
 * spelled out, letters are kept as written for the engine to pronounce, and digits are read one by one.
 * Bare domains ("example.com", "localhost:8080") count only with a top-level domain from `TOP_LEVEL_DOMAINS`, so
 * "e.g." or "Node.js" are never mistaken for one.
 */
import { digitWords } from './number-words.js'
import type { SpanKind } from './spans.js'

// prettier-ignore
export const ADDRESS_SYMBOLS: Readonly<Record<string, string>> = {
  '.': 'dot', '/': 'slash', '-': 'dash', '_': 'underscore', '?': 'question mark', '=': 'equals', '&': 'and',
  '#': 'hash', '%': 'percent', '~': 'tilde', ':': 'colon', '+': 'plus', '@': 'at', '!': 'exclamation mark',
  '*': 'star', '$': 'dollar', ',': 'comma', ';': 'semicolon', '(': 'open paren', ')': 'close paren',
}

// prettier-ignore
export const TOP_LEVEL_DOMAINS: readonly string[] = [
  'com', 'org', 'net', 'edu', 'gov', 'mil', 'int', 'io', 'ai', 'dev', 'app', 'co', 'uk', 'us', 'ca', 'au', 'de', 'fr',
  'nl', 'es', 'it', 'eu', 'ch', 'se', 'no', 'jp', 'cn', 'ru', 'br', 'info', 'biz', 'me', 'tv', 'ly', 'gg', 'xyz',
  'tech', 'cloud', 'site', 'online', 'blog', 'news', 'shop', 'store',
]

const CLOSING_PUNCTUATION = /[.,;:!?'"’”)\]}>]+$/

/** "www.ex-ample.com/a_b?q=1" → "w w w dot ex dash ample dot com slash a underscore b question mark q equals one". */
export function addressWords(address: string): string {
  const words: string[] = []
  for (const [token] of address.matchAll(/\p{L}+|\d+|[^\p{L}\d]/gu)) {
    if (/^\d/.test(token)) words.push(digitWords(token))
    else if (/^www$/i.test(token)) words.push('w w w')
    else if (/^\p{L}/u.test(token)) words.push(token)
    else if (ADDRESS_SYMBOLS[token]) words.push(ADDRESS_SYMBOLS[token])
  }
  return words.join(' ')
}

export const EMAIL: SpanKind = {
  name: 'e-mail address',
  pattern:
    /(?<![\p{L}\p{N}_.%+-])[\p{L}\p{N}_%+-]+(?:\.[\p{L}\p{N}_%+-]+)*@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}_-])/gu,
  speak: addressWords,
}

export const URL: SpanKind = {
  name: 'URL',
  pattern: new RegExp(
    [
      String.raw`(?<![\p{L}\p{N}_])(?:https?|ftp|wss?):\/\/[^\s<>"'\x60]+`,
      String.raw`(?<![\p{L}\p{N}_./@-])www\.[^\s<>"'\x60]+`,
      String.raw`(?<![\p{L}\p{N}_./@-])localhost(?::\d{1,5})?(?:\/[^\s<>"'\x60]*)?(?![\p{L}\p{N}_])`,
      String.raw`(?<![\p{L}\p{N}_./@-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:${TOP_LEVEL_DOMAINS.join('|')})(?![\p{L}\p{N}_@-])(?::\d{1,5})?(?:\/[^\s<>"'\x60]*)?`,
    ].join('|'),
    'giu',
  ),
  trim: (text) => text.replace(CLOSING_PUNCTUATION, ''),
  speak: (text) => addressWords(text.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')),
}
