/**
 * PCM audio as Chorus passes it between modules: mono Float32 samples in [-1, 1] plus their sample rate.
 * Small pure helpers for joining buffers and for the loudness readings other modules gate on.
 */

export interface PcmAudio {
  readonly samples: Float32Array
  readonly sampleRate: number
}

/** Peak level (dBFS) below which audio counts as silent: -50 dBFS is well under breath noise in synthetic speech. */
export const SILENCE_PEAK_DBFS = -50

export function durationSeconds(audio: PcmAudio): number {
  return audio.samples.length / audio.sampleRate
}

export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  let total = 0
  for (const part of parts) total += part.length
  const out = new Float32Array(total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

export function peak(samples: Float32Array): number {
  let max = 0
  for (let i = 0; i < samples.length; i++) {
    const value = Math.abs(samples[i]!)
    if (value > max) max = value
  }
  return max
}

/** Root-mean-square level of the whole buffer, linear. */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0
  let sum = 0
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!
  return Math.sqrt(sum / samples.length)
}

export function toDbfs(linear: number): number {
  return linear <= 0 ? -Infinity : 20 * Math.log10(linear)
}

/** True when no sample reaches {@link SILENCE_PEAK_DBFS}; an empty buffer is silent. */
export function isSilent(samples: Float32Array, thresholdDbfs = SILENCE_PEAK_DBFS): boolean {
  return toDbfs(peak(samples)) < thresholdDbfs
}

/** Float32 [-1, 1] → signed 16-bit little-endian bytes, clamped. */
export function floatToInt16Bytes(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2)
  const view = new DataView(out.buffer)
  for (let i = 0; i < samples.length; i++) {
    const clamped = Math.max(-1, Math.min(1, samples[i]!))
    view.setInt16(i * 2, clamped < 0 ? Math.round(clamped * 0x8000) : Math.round(clamped * 0x7fff), true)
  }
  return out
}

/** Signed 16-bit little-endian bytes → Float32 [-1, 1]. An odd trailing byte is ignored. */
export function int16BytesToFloat(bytes: Uint8Array): Float32Array {
  const count = Math.floor(bytes.length / 2)
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2)
  const out = new Float32Array(count)
  for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true) / 0x8000
  return out
}

/**
 * Float32 [-1, 1] → signed 16-bit integers, with exactly the scaling and clamping of {@link floatToInt16Bytes}, for
 * encoders that take sample arrays rather than bytes (lame, libFLAC).
 */
export function floatToInt16Samples(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length)
  for (let i = 0; i < samples.length; i++) {
    const clamped = Math.max(-1, Math.min(1, samples[i]!))
    out[i] = clamped < 0 ? Math.round(clamped * 0x8000) : Math.round(clamped * 0x7fff)
  }
  return out
}
