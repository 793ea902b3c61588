/**
 * The voice-turn benchmark against real servers on 127.0.0.1: a Chorus (transcription by PocketSphinx, speech by the
 * embedded engine) and a small OpenAI chat-completions server streaming a fixed reply with set delays. The user's
 * turn is spoken once by the embedded engine, so PocketSphinx has real speech to hear.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { endpointUrl } from '../../src/bench/targets/index.js'
import { synthesizeInputAudio, type InputAudio } from '../../src/bench/voice-turn/input-audio.js'
import type { VoiceTurnSettings } from '../../src/bench/voice-turn/run-turn.js'
import { runVoiceTurns, type VoiceTurnReport } from '../../src/bench/voice-turn/run-voice-turns.js'
import { CHORUS_BIN, startTestServer } from '../helpers/server.js'
import { startChatServer, tokensOf, type ChatServer, type ChatServerOptions } from './chat-server.js'

const SPOKEN = 'What is the weather like in Paris today?'
/** A short first sentence, then a long tail: the reply keeps streaming for seconds after speech could start. */
const FIRST_SENTENCE = 'Sure thing.'
const TAIL = Array.from({ length: 5 }, () => 'The forecast for the city is mild with light wind.').join(' ')
const REPLY = `${FIRST_SENTENCE} ${TAIL}`
const FIRST_TOKEN_DELAY_MS = 120
const TOKEN_DELAY_MS = 40

let chorus: ChorusServer
let audio: InputAudio
let folder: string

before(async () => {
  chorus = await startTestServer()
  audio = await synthesizeInputAudio(SPOKEN, 'kal16', AbortSignal.timeout(30_000))
  folder = await mkdtemp(join(tmpdir(), 'chorus-voice-turn-'))
})

after(async () => {
  await chorus.close()
  await rm(folder, { recursive: true, force: true })
})

function settingsFor(chat: ChatServer, overrides: Partial<VoiceTurnSettings> = {}): VoiceTurnSettings {
  return {
    asr: { url: endpointUrl(chorus.url, 'openai-transcriptions'), model: 'whisper-1' },
    llm: { url: endpointUrl(chat.url, 'openai-chat'), model: 'test-model', system: 'Be brief.' },
    tts: { url: endpointUrl(chorus.url, 'openai-speech'), model: 'tts-1', voice: 'alloy' },
    audio,
    timeoutsMs: { asr: 30_000, llm: 30_000, tts: 30_000 },
    ...overrides,
  }
}

async function withChat<T>(options: ChatServerOptions, work: (chat: ChatServer) => Promise<T>): Promise<T> {
  const chat = await startChatServer(options)
  try {
    return await work(chat)
  } finally {
    await chat.close()
  }
}

async function turns(
  chat: ChatServer,
  options: { turns: number; budgetMs?: number; settings?: Partial<VoiceTurnSettings> },
): Promise<VoiceTurnReport> {
  return runVoiceTurns({
    settings: settingsFor(chat, options.settings),
    turns: options.turns,
    warmupTurns: 0,
    maxSeconds: 60,
    budgetMs: options.budgetMs ?? 60_000,
    signal: AbortSignal.timeout(90_000),
  })
}

describe('a voice turn through Chorus and a streaming chat server', () => {
  let report: VoiceTurnReport
  let chatRequests: ChatServer['requests']

  before(async () => {
    await withChat(
      { reply: REPLY, firstTokenDelayMs: FIRST_TOKEN_DELAY_MS, tokenDelayMs: TOKEN_DELAY_MS },
      async (chat) => {
        report = await turns(chat, { turns: 2 })
        chatRequests = chat.requests
      },
    )
  })

  test('every turn succeeds and a generous budget passes', () => {
    assert.equal(report.turns.measured, 2)
    assert.equal(report.turns.ok, 2, JSON.stringify(report.turn_log.map((turn) => turn.failure)))
    assert.equal(report.turns.stopped_by, 'turns')
    assert.equal(report.verdict.verdict, 'pass')
    assert.equal(report.stages.time_to_first_audio_ms.count, 2)
  })

  test('the transcript that reached the chat server holds the words spoken', () => {
    assert.equal(chatRequests.length, 2)
    for (const request of chatRequests) {
      assert.equal(request.stream, true)
      assert.deepEqual(request.messages?.[0], { role: 'system', content: 'Be brief.' })
      const user = request.messages?.[1]
      assert.equal(user?.role, 'user')
      for (const word of ['weather', 'paris', 'today'])
        assert.match(user!.content.toLowerCase(), new RegExp(`\\b${word}\\b`))
    }
    assert.equal(report.turn_log[0]!.transcript, chatRequests[0]!.messages![1]!.content)
  })

  test('the stage times add up: first audio comes after transcription, the first sentence and speech TTFA', () => {
    for (const { timings } of report.turn_log) {
      const { asr_ms, llm_ttft_ms, llm_first_sentence_ms, llm_total_ms, tts_ttfa_ms, time_to_first_audio_ms } = timings
      assert.ok(asr_ms! > 0 && tts_ttfa_ms! > 0)
      assert.ok(llm_ttft_ms! >= FIRST_TOKEN_DELAY_MS - 5, `ttft ${llm_ttft_ms} waits for the first token`)
      // "Sure" " thing." then " The": the sentence is known on the third token, two token gaps after the first.
      assert.ok(
        llm_first_sentence_ms! >= llm_ttft_ms! + 2 * TOKEN_DELAY_MS - 5,
        `first sentence ${llm_first_sentence_ms}`,
      )
      assert.ok(time_to_first_audio_ms! >= asr_ms! + llm_first_sentence_ms! + tts_ttfa_ms!, JSON.stringify(timings))
      assert.ok(time_to_first_audio_ms! <= timings.turn_ms!)
      const tailMs = (tokensOf(REPLY).length - 3) * TOKEN_DELAY_MS
      assert.ok(llm_total_ms! >= llm_first_sentence_ms! + tailMs - 5, `the reply streams on for ${tailMs} ms`)
    }
  })

  test('speech starts at the first sentence, so the user hears it before the reply has finished streaming', () => {
    for (const turn of report.turn_log) {
      assert.equal(turn.spokenSentence, FIRST_SENTENCE)
      assert.equal(turn.reply, REPLY)
      assert.ok(turn.speechSeconds! > 0.3, `speech of "${FIRST_SENTENCE}" decoded: ${turn.speechSeconds} s`)
      const { asr_ms, llm_total_ms, time_to_first_audio_ms } = turn.timings
      assert.ok(
        time_to_first_audio_ms! < asr_ms! + llm_total_ms!,
        `first audio at ${time_to_first_audio_ms} ms, reply ended at ≥ ${asr_ms! + llm_total_ms!} ms`,
      )
    }
  })
})

// The CLI runs and the failure cases use their own servers and turns: they run side by side to keep the suite short.
describe('separate runs, each against its own chat server', { concurrency: true }, () => {
  describe('chorus bench-turn', { concurrency: true }, () => {
    test('exits 1 over a tiny budget, reads --audio, and prints the JSON report', async () => {
      const file = join(folder, 'turn.wav')
      await writeFile(file, audio.wav)
      await withChat({ reply: 'It is sunny. Enjoy your day.' }, async (chat) => {
        const args = [
          'bench-turn',
          '--tts',
          chorus.url,
          '--llm',
          chat.url,
          '--audio',
          file,
          '--turns',
          '1',
          '--warmup',
          '0',
        ]
        const result = await promisify(execFile)(process.execPath, [CHORUS_BIN, ...args, '--budget', '1ms', '--json'], {
          encoding: 'utf8',
        }).then(
          (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
          (error: { code: number; stdout: string; stderr: string }) => error,
        )
        assert.equal(result.code, 1, result.stderr)
        const report = JSON.parse(result.stdout) as VoiceTurnReport
        assert.equal(report.verdict.verdict, 'fail')
        const ttfa = report.verdict.criteria.find((item) => item.name === 'turn_ttfa_p95_ms')!
        assert.equal(ttfa.threshold, 1)
        assert.ok(ttfa.value! > 1 && !ttfa.pass)
        assert.equal(report.turns.ok, 1, 'the turn itself worked; only the budget failed')
        assert.equal(report.input.source, `file ${file}`)
        assert.match(result.stderr, /turn 1: first audio \d+ ms/)
      })
    })

    test('exits 2 on usage errors before any request', async () => {
      const run = (args: string[]) =>
        promisify(execFile)(process.execPath, [CHORUS_BIN, 'bench-turn', ...args], { encoding: 'utf8' }).then(
          () => ({ code: 0, stderr: '' }),
          (error: { code: number; stderr: string }) => error,
        )
      const cases: [string[], RegExp][] = [
        [['--budget', '900'], /--budget needs a unit/],
        [['--audio', join(folder, 'missing.wav')], /--audio: cannot read/],
        [['--llm', 'ftp://127.0.0.1/'], /--llm: .*not an http/],
      ]
      const results = await Promise.all(cases.map(([args]) => run(args)))
      for (const [index, [args, message]] of cases.entries()) {
        const result = results[index]!
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
        assert.match(result.stderr, /CHORUS_ERR_CLI_USAGE/)
        assert.match(result.stderr, message)
        assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace')
      }
    })
  })

  describe('a failing stage ends the turn with that stage and an explicit error kind', { concurrency: true }, () => {
    test('a chat server answering 500 fails the turn as llm/http_5xx with its message', async () => {
      await withChat(
        { reply: 'unused', fault: { kind: 'status', status: 500, message: 'model exploded' } },
        async (chat) => {
          const report = await turns(chat, { turns: 1 })
          assert.equal(report.errors.llm.http_5xx, 1)
          const turn = report.turn_log[0]!
          assert.deepEqual([turn.failure?.stage, turn.failure?.kind], ['llm', 'http_5xx'])
          assert.match(turn.failure!.message, /model exploded/)
          assert.ok(turn.timings.asr_ms! > 0, 'transcription ran')
          assert.equal(turn.timings.time_to_first_audio_ms, null)
          assert.equal(report.verdict.verdict, 'fail')
        },
      )
    })

    test('a chat server that never answers fails as llm/timeout after the stage timeout, not a hang', async () => {
      await withChat({ reply: 'unused', fault: { kind: 'hang' } }, async (chat) => {
        const started = performance.now()
        const timeoutsMs = { asr: 30_000, llm: 1_500, tts: 30_000 }
        const report = await turns(chat, { turns: 1, settings: { timeoutsMs } })
        const turn = report.turn_log[0]!
        assert.deepEqual([turn.failure?.stage, turn.failure?.kind], ['llm', 'timeout'])
        assert.ok(performance.now() - started < 1_500 + 20_000, 'ended by the timeout')
        assert.ok(turn.timings.turn_ms! - turn.timings.asr_ms! >= 1_400, 'waited for the stage timeout')
      })
    })

    test('a chat stream cut off after its first sentence fails the turn at llm', async () => {
      await withChat({ reply: REPLY, fault: { kind: 'cut', afterTokens: 6 } }, async (chat) => {
        const report = await turns(chat, { turns: 1 })
        const turn = report.turn_log[0]!
        assert.equal(turn.ok, false)
        assert.equal(turn.failure?.stage, 'llm')
        assert.ok(['connect', 'other'].includes(turn.failure!.kind), turn.failure!.kind)
        assert.equal(turn.spokenSentence, FIRST_SENTENCE, 'speech had already started on the first sentence')
      })
    })

    test('a speech server refusing the voice fails as tts/http_4xx with its message', async () => {
      await withChat({ reply: 'It is sunny. Enjoy.' }, async (chat) => {
        const tts = { url: endpointUrl(chorus.url, 'openai-speech'), model: 'tts-1', voice: 'no-such-voice' }
        const report = await turns(chat, { turns: 1, settings: { tts } })
        const turn = report.turn_log[0]!
        assert.deepEqual([turn.failure?.stage, turn.failure?.kind], ['tts', 'http_4xx'])
        assert.match(turn.failure!.message, /no-such-voice/)
        assert.ok(turn.timings.llm_first_sentence_ms! > 0)
      })
    })

    test('a transcription URL that is not one fails as asr/http_4xx, and three failed turns in a row stop the run', async () => {
      await withChat({ reply: 'unused' }, async (chat) => {
        const asr = { url: `${chat.url}/v1/audio/transcriptions`, model: 'whisper-1' }
        const report = await turns(chat, { turns: 5, settings: { asr } })
        assert.equal(report.turns.measured, 3)
        assert.equal(report.turns.stopped_by, 'failures')
        assert.equal(report.errors.asr.http_4xx, 3)
        assert.deepEqual([report.turn_log[0]!.failure?.stage, report.turn_log[0]!.failure?.kind], ['asr', 'http_4xx'])
        assert.equal(chat.requests.length, 0, 'the chat server was never called')
      })
    })
  })
})
