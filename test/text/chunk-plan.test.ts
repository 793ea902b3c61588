/**
 * planTextChunks: the first chunk is the first sentence alone (time to first audio does not grow with the text),
 * later chunks are whole sentences up to the limit, and the text survives the plan intact.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { planTextChunks } from '../../src/text/chunk-plan.js'

const nonSpace = (text: string) => text.replace(/\s+/g, '')

/** Varied prose: statements, questions, exclamations, clauses, abbreviations, numbers. */
function prose(sentences: number): string {
  const openings = [
    'The harbor',
    'Every morning the baker',
    'Dr. Reyes',
    'Our little robot',
    'A quiet river',
    'The old library',
  ]
  const verbs = ['counted', 'painted', 'remembered', 'carried', 'described', 'followed']
  const objects = [
    'three hundred lanterns',
    'the long road north',
    'a map of 1842',
    'twelve blue bottles',
    'the evening bells',
  ]
  const tails = ['.', '?', '!', ', and then it rained.', '; nobody minded.', ' (briefly) before noon.']
  const out: string[] = []
  for (let i = 0; i < sentences; i++) {
    out.push(
      `${openings[i % openings.length]} ${verbs[(i * 5) % verbs.length]} ${objects[(i * 7) % objects.length]}${tails[(i * 3) % tails.length]}`,
    )
  }
  return out.join(' ')
}

describe('planTextChunks', () => {
  test('the first chunk is the first sentence alone', () => {
    const text = 'Short opener. ' + prose(40)
    const chunks = planTextChunks(text)
    assert.equal(chunks[0], 'Short opener.')
    assert.ok(chunks.length > 2)
  })

  test('later chunks group whole sentences and stay within maxChunkChars', () => {
    const text = prose(300)
    for (const maxChunkChars of [120, 300, 600]) {
      const chunks = planTextChunks(text, { maxChunkChars })
      for (const chunk of chunks.slice(1))
        assert.ok(chunk.length <= maxChunkChars, `${chunk.length} > ${maxChunkChars}`)
      // Grouping is greedy: a chunk plus the next chunk's first sentence would have been too long.
      for (const chunk of chunks.slice(1, -1))
        assert.ok(chunk.length > maxChunkChars / 3, `chunk of ${chunk.length} is needlessly small`)
      for (const chunk of chunks) assert.match(chunk, /[.?!)]$/, 'chunks end at sentence ends')
    }
  })

  test('the text is preserved: chunks rejoined equal the text with whitespace collapsed', () => {
    const text = `  ${prose(60)}\n\n${prose(60).replace(/\. /g, '.   ')}\n\tA final line without a full stop`
    const chunks = planTextChunks(text)
    assert.equal(chunks.join(' '), text.trim().replace(/\s+/g, ' '))
  })

  test('a very long first sentence is capped at firstChunkMaxChars, and no character is lost', () => {
    const long = `${'word '.repeat(120).trim()}, and then some more words to finish it.`
    const text = `${long} Second sentence. Third sentence.`
    const chunks = planTextChunks(text, { firstChunkMaxChars: 80, maxChunkChars: 200 })
    assert.ok(chunks[0]!.length <= 80, `first chunk ${chunks[0]!.length}`)
    for (const chunk of chunks) assert.ok(chunk.length <= 200)
    assert.equal(nonSpace(chunks.join('')), nonSpace(text))
  })

  test('a word longer than the limit is cut, never dropped', () => {
    const text = `Start. ${'x'.repeat(450)} end.`
    const chunks = planTextChunks(text, { maxChunkChars: 200 })
    for (const chunk of chunks) assert.ok(chunk.length <= 200)
    assert.equal(nonSpace(chunks.join('')), nonSpace(text))
  })

  test('abbreviations do not end the first chunk', () => {
    assert.equal(
      planTextChunks('Dr. Smith paid $3.50 at 3 p.m. on Jan. 5. Then he left.')[0],
      'Dr. Smith paid $3.50 at 3 p.m. on Jan. 5.',
    )
  })

  test('empty and blank text plan to nothing; one sentence plans to itself', () => {
    assert.deepEqual(planTextChunks(''), [])
    assert.deepEqual(planTextChunks(' \n\t '), [])
    assert.deepEqual(planTextChunks('Just one.'), ['Just one.'])
    assert.deepEqual(planTextChunks('One. Two. Three.', { maxChunkChars: 10 }), ['One.', 'Two.', 'Three.'])
  })
})
