import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ChorusError, errorTable, type ErrorCode } from '../src/errors.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

test('every error code is documented in the README with its status', () => {
  for (const [code, spec] of Object.entries(errorTable)) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\``))
    assert.ok(row, `${code} has a row in the README error table`)
    assert.ok(row.includes(`| ${spec.status} |`), `${code} row states status ${spec.status}`)
  }
})

test('ChorusError fills its template and serializes as OpenAI error JSON', () => {
  const error = new ChorusError('CHORUS_ERR_VOICE_NOT_FOUND', { voice: 'x', valid: 'a, b' })
  assert.deepEqual(error.toJSON(), {
    error: { message: 'Unknown voice `x`. Valid voices: a, b.', type: 'invalid_request_error', param: 'voice', code: 'CHORUS_ERR_VOICE_NOT_FOUND' },
  })
  assert.equal(error.status, 400)
  const codes: ErrorCode[] = Object.keys(errorTable) as ErrorCode[]
  assert.ok(codes.every((code) => code.startsWith('CHORUS_ERR_')))
})
