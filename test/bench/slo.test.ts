import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseSlo, parseSlos } from '../../src/bench/slo.js'
import { ChorusError } from '../../src/errors.js'

function usageError(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseSlos([text]),
    (error: unknown) => {
      assert.ok(error instanceof ChorusError)
      assert.equal(error.code, 'CHORUS_ERR_CLI_USAGE')
      assert.match(error.message, pattern)
      return true
    },
    text,
  )
}

test('SLOs parse their units strictly into milliseconds, fractions and plain numbers', () => {
  assert.deepEqual(parseSlo('ttfa=300ms'), {
    name: 'ttfa',
    scope: 'request',
    bound: 'max',
    threshold: 300,
    text: 'ttfa=300ms',
  })
  assert.equal(parseSlo('p95=2s').threshold, 2000)
  assert.equal(parseSlo('p95=2s').scope, 'aggregate')
  assert.equal(parseSlo('latency=1.5s').threshold, 1500)
  assert.equal(parseSlo('ttfa_p99=.25s').threshold, 250)
  assert.equal(parseSlo('error_rate=1%').threshold, 0.01)
  assert.equal(parseSlo('error_rate=0.5%').threshold, 0.005)
  assert.equal(parseSlo('goodput=95%').bound, 'min')
  assert.equal(parseSlo('rtf=0.5').threshold, 0.5)
  assert.equal(parseSlo('throughput=12').threshold, 12)
  assert.equal(parseSlo(' P95 = 800ms ').name, 'p95')
})

test('an SLO with a missing or wrong unit, an unknown name or a repeat is a usage error saying what to write', () => {
  usageError('p95=2', /give a unit: ms or s/)
  usageError('ttfa=300 ms', /name=value|duration/)
  usageError('latency=2min', /expects a duration/)
  usageError('error_rate=0.01', /write it with %/)
  usageError('error_rate=150%', /at most 100%/)
  usageError('rtf=0.5s', /no unit/)
  usageError('ttfx=300ms', /did you mean `ttfa`/)
  usageError('p96=1s', /unknown objective/)
  usageError('ttfa', /name=value/)
  assert.throws(() => parseSlos(['p95=1s', 'p95=2s']), /given twice/)
})
