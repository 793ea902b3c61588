/**
 * POST /v1/tts, the Chatterbox wire format served by Chorus: raw 24 kHz int16 PCM with its headers, the
 * `reference_audio` allowlist (only names listed in the references folder's metadata.json; every traversal trick is
 * a logged 403 and no file outside is ever opened), the internal token, and request validation.
 */
import assert from 'node:assert/strict'
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { durationSeconds } from '../../src/audio/pcm.js'
import { wavHeader } from '../../src/audio/wav.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import {
  configFolder,
  logCollector,
  startConfigured,
  type ConfigFolder,
  type ConfiguredServer,
} from '../config/config-files.js'

const TOKEN = 'internal-token-for-tests'
const SECRET_MARKER = 'TOP-SECRET-REFERENCE-CONTENT'

interface TtsAnswer {
  readonly status: number
  readonly headers: Headers
  readonly bytes: Uint8Array
  json(): { error: { code: string; message: string; param: string | null; type: string } }
}

async function postTts(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'x-internal-token': TOKEN },
): Promise<TtsAnswer> {
  const response = await fetch(`${url}/v1/tts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  })
  const bytes = new Uint8Array(await response.arrayBuffer())
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    json: () => JSON.parse(Buffer.from(bytes).toString('utf8')),
  }
}

/**
 * Records every path handed to node:fs's open/read entry points. `syncBuiltinESMExports` makes the patched functions
 * visible to ES module named imports (`import { readFile } from 'node:fs/promises'`) as well.
 */
function spyOnFileOpens(): { readonly paths: string[]; restore(): void } {
  const require = createRequire(import.meta.url)
  const targets = [
    require('node:fs') as Record<string, unknown>,
    require('node:fs/promises') as Record<string, unknown>,
  ]
  const names = ['open', 'openSync', 'readFile', 'readFileSync', 'createReadStream', 'openAsBlob']
  const paths: string[] = []
  const originals: [Record<string, unknown>, string, unknown][] = []
  for (const target of targets) {
    for (const name of names) {
      const original = target[name]
      if (typeof original !== 'function') continue
      originals.push([target, name, original])
      target[name] = function (this: unknown, ...args: unknown[]) {
        paths.push(String(args[0]))
        return (original as (...inner: unknown[]) => unknown).apply(this, args)
      }
    }
  }
  syncBuiltinESMExports()
  return {
    paths,
    restore() {
      for (const [target, name, original] of originals) target[name] = original
      syncBuiltinESMExports()
    },
  }
}

describe('POST /v1/tts (Chatterbox wire format)', () => {
  let folder: ConfigFolder
  let references: string
  let server: ConfiguredServer
  const logs = logCollector()

  before(async () => {
    folder = await configFolder()
    references = join(folder.dir, 'references')
    await mkdir(join(references, 'sub'), { recursive: true })
    const clip = wavHeader(24000, 4800)
    const silentClip = new Uint8Array(clip.length + 4800)
    silentClip.set(clip)
    for (const name of ['f1.wav', 'm1.wav', 'unlisted.wav', join('sub', 'f1.wav')])
      await writeFile(join(references, name), silentClip)
    // Outside the folder: what every traversal attempt is after.
    await writeFile(join(folder.dir, 'secret.wav'), SECRET_MARKER)
    await symlink(join(folder.dir, 'secret.wav'), join(references, 'escape.wav'))
    await writeFile(
      join(references, 'metadata.json'),
      JSON.stringify({
        'f1.wav': { voice: 'alloy', description: 'female reference' },
        'm1.wav': { voice: 'onyx' },
        'escape.wav': { voice: 'alloy' },
        'missing.wav': { voice: 'alloy' },
      }),
    )
    server = await startConfigured(
      { auth: { internalToken: TOKEN }, chatterbox: { referencesDir: references } },
      { logDestination: logs, logLevel: 'warn' },
    )
  })
  after(async () => {
    await server?.close()
    await folder?.remove()
  })

  test('JSON in, raw int16 PCM at 24 kHz mono out, with X-Audio-Duration matching the body', async () => {
    const answer = await postTts(server.url, {
      text: 'Chatterbox clients can talk to Chorus without changing anything but the address.',
      reference_audio: 'f1.wav',
      exaggeration: 0.5,
      cfg_weight: 0.5,
      temperature: 0.8,
    })
    assert.equal(answer.status, 200, Buffer.from(answer.bytes).toString())
    assert.equal(answer.headers.get('content-type'), 'application/octet-stream')
    assert.equal(answer.headers.get('x-sample-rate'), '24000')
    assert.equal(answer.headers.get('x-channels'), '1')
    assert.equal(answer.headers.get('x-format'), 'pcm_s16le')
    const bodySeconds = answer.bytes.length / 2 / 24000
    const headerSeconds = Number(answer.headers.get('x-audio-duration'))
    assert.ok(
      Math.abs(headerSeconds - bodySeconds) <= 0.001,
      `X-Audio-Duration ${headerSeconds} vs body ${bodySeconds}`,
    )
    const audio = await decodeAudio('pcm', answer.bytes)
    assert.equal(audio.sampleRate, 24000)
    assertSpeechLike(audio, { minSeconds: 3, maxSeconds: 10 })
    assert.ok(Math.abs(durationSeconds(audio) - headerSeconds) <= 0.001)
  })

  test('each listed reference routes to its own voice, and no reference uses the default voice', async () => {
    const text = 'The same words in three voices.'
    const female = await postTts(server.url, { text, reference_audio: 'f1.wav' })
    const male = await postTts(server.url, { text, reference_audio: 'm1.wav' })
    const none = await postTts(server.url, { text })
    for (const answer of [female, male, none]) {
      assert.equal(answer.status, 200)
      assertSpeechLike(await decodeAudio('pcm', answer.bytes), { minSeconds: 1, maxSeconds: 6 })
    }
    // alloy and the default (alloy) are flite's slt; onyx is rms: the same text, different audio.
    assert.deepEqual(none.bytes, female.bytes)
    assert.notDeepEqual(male.bytes, female.bytes)
  })

  describe('reference_audio outside the allowlist', () => {
    const attempts: readonly [string, string][] = [
      ['a parent-relative path', '../secret.wav'],
      ['an absolute path', '/etc/passwd'],
      ['the parent folder', '..'],
      ['a path through a subfolder and back', 'sub/../f1.wav'],
      ['a listed name followed by /..', 'f1.wav/..'],
      ['a URL-encoded traversal', '..%2Fsecret.wav'],
      ['a backslash traversal', '..\\secret.wav'],
      ['a NUL byte', 'f1.wav\u0000.txt'],
      ['an existing file that is not listed', 'unlisted.wav'],
      ['a listed file in a subfolder path', 'sub/f1.wav'],
      ['a listed symlink pointing outside the folder', 'escape.wav'],
      ['a listed name whose file is missing', 'missing.wav'],
      ['the metadata file itself', 'metadata.json'],
    ]

    for (const [what, name] of attempts) {
      test(`${what} (${JSON.stringify(name)}) is 403 CHORUS_ERR_FORBIDDEN, logged with the name, and nothing is opened`, async () => {
        const logged = logs.lines.length
        const spy = spyOnFileOpens()
        let answer: TtsAnswer
        try {
          answer = await postTts(server.url, { text: 'Read me the secret.', reference_audio: name })
        } finally {
          spy.restore()
        }
        assert.equal(answer.status, 403)
        const { error } = answer.json()
        assert.equal(error.code, 'CHORUS_ERR_FORBIDDEN')
        assert.equal(error.type, 'permission_error')
        assert.ok(error.message.includes(JSON.stringify(name)), error.message)
        assert.ok(!Buffer.from(answer.bytes).toString('latin1').includes(SECRET_MARKER))
        const opened = spy.paths.filter(
          (path) => path.includes(folder.dir) || path.includes('/etc/passwd') || path.includes('secret'),
        )
        assert.deepEqual(opened, [], 'no reference file, and nothing outside the folder, was opened')
        const rejection = logs.lines.slice(logged).find((line) => line.msg === 'rejected reference_audio')
        assert.ok(rejection, `a warning was logged; got ${JSON.stringify(logs.lines.slice(logged))}`)
        assert.equal(rejection.reference_audio, name, 'the log line carries the attempted name')
        assert.equal(rejection.level, 40, 'at warn level')
      })
    }

    test('the file-open spy does see reads made through ES module imports (so the checks above can fail)', async () => {
      const spy = spyOnFileOpens()
      try {
        const fromEsmImport = await readFile(join(folder.dir, 'secret.wav'), 'utf8')
        assert.equal(fromEsmImport, SECRET_MARKER)
      } finally {
        spy.restore()
      }
      assert.ok(
        spy.paths.some((path) => path.endsWith('secret.wav')),
        JSON.stringify(spy.paths),
      )
    })

    test('a non-string reference_audio is 400 CHORUS_ERR_INVALID_PARAM', async () => {
      const answer = await postTts(server.url, { text: 'Hello.', reference_audio: ['f1.wav'] })
      assert.equal(answer.status, 400)
      assert.equal(answer.json().error.code, 'CHORUS_ERR_INVALID_PARAM')
      assert.equal(answer.json().error.param, 'reference_audio')
    })
  })

  describe('X-Internal-Token', () => {
    for (const [what, headers] of [
      ['missing', {}],
      ['wrong', { 'x-internal-token': 'internal-token-for-tesTS' }],
      ['empty', { 'x-internal-token': '' }],
      ['sent as a Bearer key instead', { authorization: `Bearer ${TOKEN}` }],
    ] as const) {
      test(`${what} → 401 CHORUS_ERR_UNAUTHORIZED in OpenAI's error shape`, async () => {
        const answer = await postTts(server.url, { text: 'Let me in.' }, headers)
        assert.equal(answer.status, 401)
        const { error } = answer.json()
        assert.equal(error.code, 'CHORUS_ERR_UNAUTHORIZED')
        assert.equal(error.type, 'authentication_error')
        assert.ok(!error.message.includes(TOKEN))
      })
    }

    test('the right token → 200', async () => {
      const answer = await postTts(server.url, { text: 'The right token.' }, { 'x-internal-token': TOKEN })
      assert.equal(answer.status, 200)
    })

    test('the token is checked before the body: an invalid body without a token is still 401', async () => {
      const answer = await postTts(server.url, { text: 42 }, {})
      assert.equal(answer.status, 401)
    })
  })

  describe('request validation', () => {
    const cases: readonly [string, unknown, number, string, string | null][] = [
      ['missing text', { reference_audio: 'f1.wav' }, 400, 'CHORUS_ERR_MISSING_PARAM', 'text'],
      ['empty text', { text: '' }, 400, 'CHORUS_ERR_INPUT_EMPTY', 'text'],
      ['text with nothing to say', { text: ' ?! ' }, 400, 'CHORUS_ERR_INPUT_EMPTY', 'text'],
      ['text that is not a string', { text: 42 }, 400, 'CHORUS_ERR_INVALID_PARAM', 'text'],
      [
        'exaggeration of the wrong type',
        { text: 'Hi.', exaggeration: 'high' },
        400,
        'CHORUS_ERR_INVALID_PARAM',
        'exaggeration',
      ],
      ['cfg_weight out of range', { text: 'Hi.', cfg_weight: -1 }, 400, 'CHORUS_ERR_INVALID_PARAM', 'cfg_weight'],
      [
        'temperature of the wrong type',
        { text: 'Hi.', temperature: true },
        400,
        'CHORUS_ERR_INVALID_PARAM',
        'temperature',
      ],
      ['a seed that is not a whole number', { text: 'Hi.', seed: 1.5 }, 400, 'CHORUS_ERR_INVALID_PARAM', 'seed'],
      ['a negative seed', { text: 'Hi.', seed: -1 }, 400, 'CHORUS_ERR_INVALID_PARAM', 'seed'],
      ['a body that is not an object', ['text'], 400, 'CHORUS_ERR_INVALID_PARAM', 'body'],
      ['text over the input limit', { text: 'a'.repeat(4097) }, 400, 'CHORUS_ERR_INPUT_TOO_LONG', 'text'],
    ]
    for (const [what, body, status, code, param] of cases) {
      test(`${what} → ${status} ${code}`, async () => {
        const answer = await postTts(server.url, body)
        assert.equal(answer.status, status)
        const { error } = answer.json()
        assert.equal(error.code, code)
        assert.equal(error.param, param)
      })
    }
  })
})

describe('POST /v1/tts without a references folder', () => {
  test('any reference_audio is 403, and requests need no token when none is configured', async () => {
    const server = await startConfigured({})
    try {
      const refused = await postTts(server.url, { text: 'Hello.', reference_audio: 'f1.wav' }, {})
      assert.equal(refused.status, 403)
      assert.match(refused.json().error.message, /no voice-references folder is configured/)
      const served = await postTts(server.url, { text: 'Hello.' }, {})
      assert.equal(served.status, 200)
    } finally {
      await server.close()
    }
  })
})
