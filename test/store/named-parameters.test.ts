/** `bindNamed`: the PostgreSQL store's `@name` placeholders become `$n` with the values in order. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ChorusError } from '../../src/errors.js'
import { bindNamed } from '../../src/store/postgres/named-parameters.js'

test('bindNamed numbers names in order of first use and binds a repeated name once', () => {
  const [text, values] = bindNamed('INSERT INTO t (a, b, c, d) VALUES (@b, @a::jsonb, @now, @now)', {
    a: '{"x":1}',
    b: null,
    now: '2026-05-01T00:00:00.000Z',
    unused: 7,
  })
  assert.equal(text, 'INSERT INTO t (a, b, c, d) VALUES ($1, $2::jsonb, $3, $3)')
  assert.deepEqual(values, [null, '{"x":1}', '2026-05-01T00:00:00.000Z'])
})

test('bindNamed refuses a placeholder with no value instead of binding undefined', () => {
  assert.throws(
    () => bindNamed('SELECT @missing', {}),
    (error: unknown) => error instanceof ChorusError && error.code === 'CHORUS_ERR_INTERNAL',
  )
})
