/**
 * The encoder contract: the response formats of OpenAI's `/v1/audio/speech` (`response_format`) and the streaming
 * interface every format's encoder implements. Encoders take mono Float32 at their `sampleRate` and hand back bytes as
 * soon as they are ready to send, so a response can start before synthesis ends.
 */

export const RESPONSE_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number]

export interface AudioEncoder {
  readonly format: ResponseFormat
  readonly contentType: string
  /** Sample rate the encoder expects its input at. */
  readonly sampleRate: number
  /** Encodes more mono Float32 samples; resolves to bytes ready to send now (may be empty). */
  write(samples: Float32Array): Promise<Uint8Array>
  /** Flushes and resolves to the final bytes. Call once. */
  end(): Promise<Uint8Array>
  /** Releases resources without producing output (client went away). */
  abort(): void
}

export interface EncoderOptions {
  readonly sampleRate: number
  /** when known, WAV/FLAC headers carry exact sizes */
  readonly totalSamples?: number
}

/**
 * Implemented by encoders whose stream header summarises the whole stream (FLAC's STREAMINFO: MD5, frame sizes), which
 * a stream can only fill in after the fact. When the caller holds the whole output (one-shot encoding) it overwrites
 * `bytes` at `offset`, as libFLAC itself does when its output is a seekable file.
 */
export interface FinalHeader {
  finalHeader(): { readonly offset: number; readonly bytes: Uint8Array } | undefined
}

export function hasFinalHeader(encoder: AudioEncoder): encoder is AudioEncoder & FinalHeader {
  return typeof (encoder as Partial<FinalHeader>).finalHeader === 'function'
}
