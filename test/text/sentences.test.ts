import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hasSpeakableContent, splitSentences } from '../../src/text/sentences.js'

const cases: [string, string[]][] = [
  ['Hello world. How are you?', ['Hello world.', 'How are you?']],
  ['Dr. Smith paid $3.50 for apples. Then he left!', ['Dr. Smith paid $3.50 for apples.', 'Then he left!']],
  ['We met Mr. and Mrs. Jones e.g. at noon. Fine.', ['We met Mr. and Mrs. Jones e.g. at noon.', 'Fine.']],
  ['See J. R. R. Tolkien. Next.', ['See J. R. R. Tolkien.', 'Next.']],
  ['Pi is 3.14159 roughly. Yes.', ['Pi is 3.14159 roughly.', 'Yes.']],
  ['No terminal punctuation', ['No terminal punctuation']],
  ['We meet at three thirty p m. He left early.', ['We meet at three thirty p m.', 'He left early.']],
  ['  Lots   of  space.   Here. ', ['Lots of space.', 'Here.']],
  // A blank line is a paragraph break: it ends a chunk even without punctuation.
  ['A heading\n\nThen the body.', ['A heading', 'Then the body.']],
  ['', []],
]

for (const [input, expected] of cases) {
  test(`splitSentences(${JSON.stringify(input)})`, () => {
    assert.deepEqual(splitSentences(input), expected)
  })
}

test('long sentences are split at clauses, then spaces, never above maxChars', () => {
  const sentence = `${'word '.repeat(30)}then a clause, ${'more words '.repeat(30)}end.`
  const chunks = splitSentences(sentence, { maxChars: 100 })
  assert.ok(chunks.length > 2)
  for (const chunk of chunks) assert.ok(chunk.length <= 100, chunk)
  assert.equal(chunks.join(' ').replace(/\s+/g, ' '), sentence.trim().replace(/\s+/g, ' '))
  const unbroken = 'x'.repeat(250)
  assert.deepEqual(splitSentences(unbroken, { maxChars: 100 }).map((c) => c.length), [100, 100, 50])
})

test('hasSpeakableContent', () => {
  assert.equal(hasSpeakableContent('...!?'), false)
  assert.equal(hasSpeakableContent('   '), false)
  assert.equal(hasSpeakableContent('42'), true)
  assert.equal(hasSpeakableContent('héllo'), true)
  assert.equal(hasSpeakableContent('日本'), true)
})
