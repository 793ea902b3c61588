/**
 * How to read the audio body of a `/v1/audio/speech` answer. Chorus asks for `pcm` or `wav`, but not every
 * OpenAI-compatible server honours `response_format` for every value: some answer `pcm` requests with a WAV file. A
 * WAV content type or a RIFF/WAVE start is therefore read as WAV whatever was asked; a compressed format is refused
 * rather than played as noise.
 */
import { AudioFormatError, PcmFrameDecoder, type ChunkDecoder } from '../http/pcm-frames.js'
import { WavStreamDecoder } from '../http/wav-stream.js'
import type { OpenAiHttpSettings } from './config.js'

const WAV_TYPES = /^audio\/(wav|x-wav|wave|vnd\.wave)\b/i
const COMPRESSED_TYPES = /^audio\/(mpeg|mp3|ogg|opus|flac|x-flac|aac|mp4|webm)\b/i

export function upstreamAudioDecoder(
  contentType: string | undefined,
  settings: Pick<OpenAiHttpSettings, 'format' | 'sampleRate'>,
): ChunkDecoder {
  const type = contentType ?? ''
  if (COMPRESSED_TYPES.test(type)) {
    throw new AudioFormatError(
      `asked for ${settings.format} but got ${type.split(';')[0]}; Chorus reads only PCM and WAV from upstreams`,
    )
  }
  if (settings.format === 'wav' || WAV_TYPES.test(type)) return new WavStreamDecoder()
  return new PcmOrWavDecoder(settings.sampleRate)
}

/** Headerless 16-bit mono PCM at a known rate, unless the first 12 bytes are a RIFF/WAVE header. */
class PcmOrWavDecoder implements ChunkDecoder {
  #head: Uint8Array | undefined = new Uint8Array(0)
  #inner: ChunkDecoder | undefined

  constructor(readonly pcmSampleRate: number) {}

  get sampleRate(): number | undefined {
    return this.#inner?.sampleRate
  }

  push(bytes: Uint8Array): Float32Array {
    if (this.#inner) return this.#inner.push(bytes)
    const head = new Uint8Array(this.#head!.length + bytes.length)
    head.set(this.#head!, 0)
    head.set(bytes, this.#head!.length)
    if (head.length < 12) {
      this.#head = head
      return new Float32Array(0)
    }
    return this.#decide(head).push(head)
  }

  end(): void {
    if (!this.#inner) {
      const head = this.#head!
      this.#decide(head).push(head)
    }
    this.#inner!.end()
  }

  #decide(head: Uint8Array): ChunkDecoder {
    const text = (offset: number) => String.fromCharCode(...head.subarray(offset, offset + 4))
    const isWav = head.length >= 12 && text(0) === 'RIFF' && text(8) === 'WAVE'
    this.#inner = isWav
      ? new WavStreamDecoder()
      : new PcmFrameDecoder({ encoding: 'int', bitsPerSample: 16, channels: 1 }, this.pcmSampleRate)
    this.#head = undefined
    return this.#inner
  }
}
