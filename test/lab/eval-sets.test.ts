import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadEvalSet } from '../../src/lab/eval-sets/index.js'

test('the scenarios set has the five named scenarios', async () => {
  const set = await loadEvalSet('scenarios')
  assert.deepEqual(
    set.items.map((item) => item.id),
    ['short_plain', 'medium_conversational', 'long_paragraph', 'numbers_symbols', 'punctuation_pauses'],
  )
})

test('the categories set has ten categories of ten prompts, each with a spoken reference in words', async () => {
  const set = await loadEvalSet('categories')
  const byCategory = new Map<string, number>()
  for (const item of set.items) byCategory.set(item.category, (byCategory.get(item.category) ?? 0) + 1)
  assert.deepEqual(
    [...byCategory.keys()],
    ['numbers', 'decimals', 'dates', 'currency', 'negations', 'quotes', 'lists', 'abbreviations', 'homographs', 'long_prosody'],
  )
  for (const count of byCategory.values()) assert.equal(count, 10)
  for (const item of set.items) {
    assert.doesNotMatch(item.reference, /[0-9$%]/, `${item.id}: the reference is spoken words`)
    assert.equal(item.reference, item.reference.toLowerCase(), `${item.id}: the reference is lower case`)
  }
})

test('an unknown set name is a clear usage error', async () => {
  await assert.rejects(loadEvalSet('nope-not-a-set'), /not a built-in set \(scenarios, categories\)/)
})
