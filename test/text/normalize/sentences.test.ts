import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normalizeForSpeech } from '../../../src/text/normalize/index.js'
import { splitSentences } from '../../../src/text/sentences.js'
import { SENTENCES } from './cases/sentences.js'
import { specify } from './table.js'

specify('whole sentences', SENTENCES)

test('normalized text splits into the same sentences as the original', () => {
  const text =
    'Dr. Smith paid $3.50 on Jan. 3rd. Then he walked 2 km down Main St. It was 15:30. He left, etc. The end.'
  assert.deepEqual(splitSentences(normalizeForSpeech(text)), [
    'Doctor Smith paid three dollars and fifty cents on January third.',
    'Then he walked two kilometers down Main Street.',
    'It was fifteen thirty.',
    'He left, et cetera.',
    'The end.',
  ])
})
