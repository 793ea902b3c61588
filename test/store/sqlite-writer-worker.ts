/**
 * A separate thread (so a separate SQLite connection) that opens a store and writes to it, for the test that several
 * writers share one file. Started by sqlite-result-store.test.ts; not a test file itself.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openResultStore } from '../../src/store/open-result-store.js'
import { audioResult } from '../contracts/result-store.contract.js'

const { url, writer, keys, writes } = workerData as { url: string; writer: number; keys: number; writes: number }
const store = await openResultStore(url)
try {
  const run = await store.createRun({
    kind: 'validate',
    name: `writer-${writer}`,
    spec: { writer },
    chorus_version: '0.1.0',
  })
  for (let index = 0; index < writes; index++) {
    const key = (index + writer) % keys
    const input = audioResult(run, { file_hash: `key-${key}`, item_id: `item-${key}`, wer: index / writes })
    if (index % 10 === 0) await store.upsertAudioResults([input, { ...input, file_hash: `batch-${key}` }])
    else await store.upsertAudioResult(input)
  }
  await store.finishRun(run, { status: 'passed', summary: { writes } })
  parentPort!.postMessage({ ok: true, run })
} catch (error) {
  parentPort!.postMessage({
    ok: false,
    error: error instanceof Error ? `${(error as { code?: string }).code}: ${error.message}` : String(error),
  })
} finally {
  await store.close()
}
