/** `chorus wer`, as a user runs it: the scorer on strings, as a table or JSON. */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { UtteranceScore } from '../../src/text/scoring/index.js'

const CHORUS_BIN = fileURLToPath(new URL('../../../bin/chorus', import.meta.url))
const run = promisify(execFile)

async function wer(args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CHORUS_BIN, 'wer', ...args])
    return { stdout, stderr, code: 0 }
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number }
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code }
  }
}

async function score(args: readonly string[]): Promise<UtteranceScore> {
  const result = await wer([...args, '--json'])
  assert.equal(result.code, 0, result.stderr)
  return JSON.parse(result.stdout) as UtteranceScore
}

test('"$3.50" heard as "three dollars and fifty cents" is not an error: WER 0', async () => {
  const result = await score(['--ref', '$3.50', '--hyp', 'three dollars and fifty cents'])
  assert.equal(result.wer, 0)
  assert.equal(result.cer, 0)
  assert.equal(result.normalizedReference, 'three dollars fifty cents')
  assert.ok(result.words.every((row) => row.verdict === 'pass'))
})

test('a homophone is excused and a real error is blamed on the TTS, in the table and in JSON', async () => {
  const args = ['--ref', 'I read their book on the train.', '--hyp', 'i read there book on the rain']
  const result = await score(args)
  const verdictOf = (ref: string): string | undefined => result.words.find((row) => row.ref === ref)?.verdict
  assert.equal(verdictOf('their'), 'homophone')
  assert.equal(verdictOf('train'), 'tts_failure')
  assert.equal(verdictOf('book'), 'pass')
  assert.equal(result.counts.homophone, 1)
  assert.equal(result.counts.tts_failure, 1)
  assert.ok(Math.abs(result.wer - 2 / 7) < 1e-9, 'WER itself counts both substitutions')

  const table = await wer(args)
  assert.equal(table.code, 0, table.stderr)
  assert.match(table.stdout, /^reference\s+i read their book on the train$/m)
  assert.match(table.stdout, /^hyp\s+28\.6%/m)
  assert.match(table.stdout, /^their\s+there\s+substitution\s+homophone$/m)
  assert.match(table.stdout, /^train\s+rain\s+substitution\s+tts_failure$/m)
})

test('--hyp2: a word one recognizer got right is the other recognizer’s slip (stt_error)', async () => {
  const result = await score([
    '--ref',
    'turn left on elm avenue',
    '--hyp',
    'turn left on on avenue',
    '--hyp2',
    'turn left on elm avenue',
  ])
  assert.equal(result.hypotheses.length, 2)
  const row = result.words.find((candidate) => candidate.ref === 'elm')!
  assert.equal(row.hyp2, 'elm')
  assert.equal(row.verdict, 'stt_error')
  assert.equal(result.hypotheses[1]!.wer, 0)
})

test('a missing --hyp or an unknown option is a usage error: exit 2', async () => {
  for (const args of [
    ['--ref', 'hello'],
    ['--ref', 'a', '--hyp', 'a', '--hyp3', 'b'],
  ]) {
    const result = await wer(args)
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
  }
})
