/**
 * The built-in speaker-similarity proxy on the embedded flite voices: the same voice reading different sentences
 * must score above different voices, on average. The margins are printed as test diagnostics (`node --test` shows
 * them), so a change to the embedding shows its effect. The thresholds asserted are loose on purpose: the proxy is
 * coarse, and these four voices are also the ones its design was checked on.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { PcmAudio } from '../../src/audio/pcm.js'
import { mean } from '../../src/audio/metrics/index.js'
import {
  BUILTIN_EMBEDDING_LENGTH,
  cosineSimilarity,
  createSpectralEmbedder,
  speakerSimilarity,
} from '../../src/lab/similarity/index.js'
import { closeSpeechEngine, FLITE_VOICES, synthesize, type FliteVoice } from './speech-fixtures.js'

const SENTENCES = [
  'The quick brown fox jumps over the lazy dog near the river bank.',
  'Please call Stella and ask her to bring these things with her from the store.',
  'A rainbow is a division of white light into many beautiful colors.',
  'Yesterday the committee approved a modest increase in the library budget.',
  'She sells sea shells by the sea shore.',
]

const embedder = createSpectralEmbedder()
const embeddings = new Map<string, Float32Array[]>()

before(async () => {
  for (const voice of [...FLITE_VOICES, 'kal'] as const) {
    const clips: Float32Array[] = []
    for (const text of SENTENCES) clips.push(await embedder.embed(await synthesize(text, voice)))
    embeddings.set(voice, clips)
  }
})
after(closeSpeechEngine)

/** Similarities of voice `a`'s sentence i with voice `b`'s sentence j, over all i ≠ j (never the same sentence). */
function crossSentenceScores(a: string, b: string): number[] {
  const scores: number[] = []
  const left = embeddings.get(a)!
  const right = embeddings.get(b)!
  for (let i = 0; i < left.length; i++) {
    for (let j = 0; j < right.length; j++) if (i !== j) scores.push(Math.max(0, cosineSimilarity(left[i]!, right[j]!)))
  }
  return scores
}

const fmt = (value: number): string => value.toFixed(3)

test('each voice scores higher against itself (other sentences) than against every other voice, on average', (t) => {
  for (const voice of FLITE_VOICES) {
    const same = crossSentenceScores(voice, voice)
    const row = FLITE_VOICES.map((other) => `${other} ${fmt(mean(crossSentenceScores(voice, other)))}`).join(', ')
    t.diagnostic(`${voice}: same-voice mean ${fmt(mean(same))} (min ${fmt(Math.min(...same))}); vs ${row}`)
    for (const other of FLITE_VOICES) {
      if (other === voice) continue
      const margin = mean(same) - mean(crossSentenceScores(voice, other))
      assert.ok(margin > 0.03, `${voice} vs ${other}: margin ${fmt(margin)}`)
    }
  }
})

test('slt against slt beats slt against rms by a clear margin', (t) => {
  const same = crossSentenceScores('slt', 'slt')
  const different = crossSentenceScores('slt', 'rms')
  t.diagnostic(
    `slt/slt ${fmt(mean(same))} [${fmt(Math.min(...same))}–${fmt(Math.max(...same))}], ` +
      `slt/rms ${fmt(mean(different))} [${fmt(Math.min(...different))}–${fmt(Math.max(...different))}]`,
  )
  assert.ok(mean(same) - mean(different) > 0.1)
  assert.ok(Math.min(...same) > Math.max(...different), 'every same-voice pair above every slt/rms pair')
})

test('pooled over all voices: same-voice pairs above different-voice pairs, with the overlap reported', (t) => {
  const same = FLITE_VOICES.flatMap((voice) => crossSentenceScores(voice, voice))
  const different = FLITE_VOICES.flatMap((a) =>
    FLITE_VOICES.filter((b) => b !== a).flatMap((b) => crossSentenceScores(a, b)),
  )
  const overlapping = different.filter((score) => score >= Math.min(...same)).length
  t.diagnostic(
    `same ${fmt(mean(same))} (min ${fmt(Math.min(...same))}), different ${fmt(mean(different))} ` +
      `(max ${fmt(Math.max(...different))}); ${overlapping} of ${different.length} different-voice pairs reach the lowest same-voice score`,
  )
  assert.ok(mean(same) - mean(different) > 0.05)
})

test('the same speaker at 8 kHz (kal) and 16 kHz (kal16) reads as the same voice', (t) => {
  const across = mean(crossSentenceScores('kal', 'kal16'))
  const others = (['slt', 'rms', 'awb'] as FliteVoice[]).map((voice) => mean(crossSentenceScores('kal', voice)))
  t.diagnostic(`kal/kal16 ${fmt(across)}; kal vs slt, rms, awb: ${others.map(fmt).join(', ')}`)
  assert.ok(others.every((score) => across > score))
})

test('speakerSimilarity is 1 for a clip against itself and stays within 0 … 1', async () => {
  const clip = await synthesize(SENTENCES[0]!, 'awb')
  assert.ok(Math.abs((await speakerSimilarity(clip, clip)) - 1) < 1e-6)
  const other = await synthesize(SENTENCES[1]!, 'slt')
  const score = await speakerSimilarity(clip, other)
  assert.ok(score >= 0 && score <= 1, `${score}`)
})

test('silence embeds as zeros and is similar to nothing', async () => {
  const silent: PcmAudio = { samples: new Float32Array(16000), sampleRate: 16000 }
  const embedding = await embedder.embed(silent)
  assert.equal(embedding.length, BUILTIN_EMBEDDING_LENGTH)
  assert.ok(embedding.every((value) => value === 0))
  assert.equal(await speakerSimilarity(silent, await synthesize(SENTENCES[0]!, 'slt')), 0)
})

test('an aborted signal stops embedding', async () => {
  const controller = new AbortController()
  controller.abort()
  await assert.rejects(embedder.embed(await synthesize(SENTENCES[0]!, 'slt'), controller.signal), {
    name: 'AbortError',
  })
})
