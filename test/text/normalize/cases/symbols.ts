/** Symbols, URLs, e-mail addresses, phone numbers and optional plurals. */
import type { Case } from '../table.js'

export const SYMBOLS: readonly Case[] = [
  ['R&D', 'R and D'],
  ['salt & pepper', 'salt and pepper'],
  ['Tom &amp; Jerry', 'Tom and Jerry'],
  ['2 + 2 = 4', 'two plus two equals four'],
  ['2+2=4', 'two plus two equals four'],
  ['a = b', 'a equals b'],
  ['x=5', 'x equals five'],
  ['5 - 3 = 2', 'five minus three equals two'],
  ['3 × 4 = 12', 'three times four equals twelve'],
  ['2 * 3', 'two times three'],
  ['10 ÷ 2', 'ten divided by two'],
  ['2^10', 'two to the power of ten'],
  ['18+', 'eighteen plus'],
  ['2x faster', 'two times faster'],
  ['@chorus', 'at chorus'],
  ['meet @ noon', 'meet at noon'],
  ['#1', 'number one'],
  ['#1 hit', 'number one hit'],
  ['# 5', 'number five'],
  ['#hashtag', '#hashtag'],
  ['~5', 'about five'],
  ['~$5', 'about five dollars'],
  ['≈3.14', 'approximately three point one four'],
  ['±2', 'plus or minus two'],
  ['<10 ms', 'less than ten milliseconds'],
  ['>5', 'greater than five'],
  ['5 > 3', 'five greater than three'],
  ['≥ 18', 'greater than or equal to eighteen'],
  ['<= 4', 'less than or equal to four'],
  ['a->b', 'a->b'],
  ['Hello 😀 world!', 'Hello 😀 world!'],
  ['...', '...'],
  ['?!', '?!'],
  ['', ''],
  ['Plain words stay as they are.', 'Plain words stay as they are.'],
]

export const URLS: readonly Case[] = [
  ['https://example.com/a', 'example dot com slash a'],
  ['http://example.com', 'example dot com'],
  ['https://example.com/', 'example dot com'],
  ['www.example.com', 'w w w dot example dot com'],
  ['example.com', 'example dot com'],
  ['Visit example.com.', 'Visit example dot com.'],
  ['Go to docs.python.org/3/', 'Go to docs dot python dot org slash three'],
  ['Visit example.com/path?q=1&x=2.', 'Visit example dot com slash path question mark q equals one and x equals two.'],
  [
    'see https://github.com/foo/bar-baz_qux#readme, ok',
    'see github dot com slash foo slash bar dash baz underscore qux hash readme, ok',
  ],
  ['localhost:8080', 'localhost colon eight zero eight zero'],
  ['https://localhost:8080/v1', 'localhost colon eight zero eight zero slash v one'],
  ['(see example.org)', '(see example dot org)'],
  ['my-site.co.uk', 'my dash site dot co dot uk'],
  ['script.py', 'script.py'],
]

export const EMAILS: readonly Case[] = [
  ['a.b@c.org', 'a dot b at c dot org'],
  ['test@example.com.', 'test at example dot com.'],
  [
    'Mail john_doe+tts@mail.example.co.uk now',
    'Mail john underscore doe plus tts at mail dot example dot co dot uk now',
  ],
  ['user123@example.com', 'user one two three at example dot com'],
  ['foo@bar', 'foo at bar'],
]

export const PHONES: readonly Case[] = [
  ['+1 555-123-4567', 'plus one, five five five, one two three, four five six seven'],
  ['(555) 123-4567', 'five five five, one two three, four five six seven'],
  ['555-123-4567', 'five five five, one two three, four five six seven'],
  ['555.123.4567', 'five five five, one two three, four five six seven'],
  ['1-800-555-1234', 'one, eight zero zero, five five five, one two three four'],
  ['+44 20 7946 0958', 'plus four four, two zero, seven nine four six, zero nine five eight'],
  ['+49 30 123456', 'plus four nine, three zero, one two three four five six'],
  ['Call 555-1234.', 'Call five five five, one two three four.'],
  ['call me at 555-1234 today', 'call me at five five five, one two three four today'],
  ['(555) 123-4567 and 2024', 'five five five, one two three, four five six seven and twenty twenty-four'],
]

export const OPTIONAL_PLURALS: readonly Case[] = [
  ['item(s)', 'items'],
  ['box(es)', 'boxes'],
  ['Select the file(s).', 'Select the files.'],
  ['(s) alone', '(s) alone'],
]
