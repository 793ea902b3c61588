import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_NORMALIZATION_OPTIONS, normalizeForSpeech } from '../../../src/text/normalize/index.js'
import { specify } from './table.js'

test('every switch defaults to on, and the defaults are frozen', () => {
  assert.ok(Object.values(DEFAULT_NORMALIZATION_OPTIONS).every((value) => value === true))
  assert.ok(Object.isFrozen(DEFAULT_NORMALIZATION_OPTIONS))
  assert.equal(normalizeForSpeech('10 km', {}), 'ten kilometers')
  assert.equal(normalizeForSpeech('10 km', { normalize: true, unit_normalization: undefined }), 'ten kilometers')
})

specify(
  'normalize: false returns the text untouched',
  [
    ['Dr. Smith paid $3.50 on 2024-03-15.', 'Dr. Smith paid $3.50 on 2024-03-15.'],
    ['  spaced   out  ', '  spaced   out  '],
    ['a.b@c.org', 'a.b@c.org'],
  ],
  { normalize: false },
)

specify(
  'unit_normalization: false reads the number and keeps the symbol',
  [
    ['10 km', 'ten km'],
    ['1 kg', 'one kg'],
    ['-5°C', 'minus five°C'],
    ['45%', 'forty-five percent'],
    ['$5', 'five dollars'],
  ],
  { unit_normalization: false },
)

specify(
  'url_normalization: false keeps URLs exactly as written, and out of other rules',
  [
    ['Visit https://example.com/a-1 now', 'Visit https://example.com/a-1 now'],
    ['see example.com at 5 pm.', 'see example.com at five p m.'],
    ['www.x.com/2024-03-15', 'www.x.com/2024-03-15'],
    ['a.b@c.org', 'a dot b at c dot org'],
  ],
  { url_normalization: false },
)

specify(
  'email_normalization: false keeps addresses exactly as written',
  [
    ['a.b@c.org', 'a.b@c.org'],
    ['mail user123@example.com by 5 pm', 'mail user123@example.com by five p m'],
    ['https://example.com', 'example dot com'],
  ],
  { email_normalization: false },
)

specify(
  'phone_normalization: false keeps phone numbers exactly as written',
  [
    ['+1 555-123-4567', '+1 555-123-4567'],
    ['call 555-123-4567 at 3 pm', 'call 555-123-4567 at three p m'],
  ],
  { phone_normalization: false },
)

specify(
  'optional_pluralization_normalization: false keeps "(s)"',
  [
    ['item(s)', 'item(s)'],
    ['2 file(s)', 'two file(s)'],
  ],
  { optional_pluralization_normalization: false },
)
