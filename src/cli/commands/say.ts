/**
 * `chorus say "text"`: synthesize in-process and write a file, standard output (`-o -`) or the speakers (`--play`).
 * The request is validated exactly as the HTTP API validates it, so the CLI and the server fail the same way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import type { Command } from 'commander'
import { encodeAudio, isResponseFormat } from '../../audio/encoders/index.js'
import { concatSamples } from '../../audio/pcm.js'
import { ChorusError } from '../../errors.js'
import { loadRouter } from '../load-router.js'
import { parseSpeechBody } from '../../server/speech-request.js'
import { parseNumberOption } from '../options.js'
import { findPlayer, playFile } from '../players.js'

interface SayOptions {
  voice: string
  output?: string
  format?: string
  speed?: number
  play?: boolean
  config?: string
}

function formatFor(options: SayOptions): string {
  if (options.format) return options.format
  const extension = options.output && options.output !== '-' ? extname(options.output).slice(1).toLowerCase() : ''
  if (extension === 'ogg') return 'opus'
  if (extension === 'raw') return 'pcm'
  return isResponseFormat(extension) ? extension : 'wav'
}

export function registerSay(program: Command): void {
  program
    .command('say')
    .description('Synthesize text with the embedded engine and save, print or play it')
    .argument('<text>', 'the text to speak')
    .option('-v, --voice <voice>', 'voice or alias (see `chorus voices`)', 'alloy')
    .option('-o, --output <file>', 'output file, or - for standard output (default: chorus-say.<format>)')
    .option('-f, --format <format>', 'wav|mp3|opus|flac|aac|pcm (default: from the file extension, else wav)')
    .option('-s, --speed <speed>', 'speaking rate 0.25–4.0', parseNumberOption('--speed'))
    .option('--play', 'play the audio through aplay, paplay or ffplay')
    .option('-c, --config <file>', 'configuration file (env CHORUS_CONFIG)')
    .action(async (text: string, options: SayOptions) => {
      const format = formatFor(options)
      const body = await parseSpeechBody(
        { input: text, voice: options.voice, response_format: format, speed: options.speed ?? 1 },
        { maxInputChars: Number.MAX_SAFE_INTEGER },
      )
      // Look for a player before synthesizing, so a missing one fails at once.
      const player = options.play ? findPlayer() : undefined
      const router = await loadRouter(options.config)
      try {
        const controller = new AbortController()
        process.once('SIGINT', () => controller.abort())
        const result = await router.synthesize({ text: body.input, voice: body.voice, speed: body.speed }, controller.signal)
        const parts: Float32Array[] = []
        let sampleRate = 0
        for await (const chunk of result.chunks) {
          sampleRate = chunk.sampleRate
          parts.push(chunk.samples)
        }
        const audio = { samples: concatSamples(parts), sampleRate }
        const bytes = await encodeAudio(body.responseFormat, audio)
        if (options.output === '-') {
          process.stdout.write(bytes)
        } else if (options.output || !options.play) {
          const file = options.output ?? `chorus-say.${body.responseFormat}`
          await writeFile(file, bytes)
          console.error(`wrote ${file} (${(audio.samples.length / sampleRate).toFixed(2)} s, ${result.engineId}:${result.voice})`)
        }
        if (player) {
          const dir = await mkdtemp(join(tmpdir(), 'chorus-say-'))
          try {
            const file = join(dir, 'say.wav')
            await writeFile(file, await encodeAudio('wav', audio))
            await playFile(file, player)
          } finally {
            await rm(dir, { recursive: true, force: true })
          }
        }
      } catch (error) {
        throw error instanceof ChorusError ? error : new ChorusError('CHORUS_ERR_INTERNAL', { reason: (error as Error).message })
      } finally {
        await router.close()
      }
    })
}
