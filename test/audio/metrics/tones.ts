/** Signals with known metric values, made on the spot: tones, square waves, seeded white noise, silence. */
import type { PcmAudio } from '../../../src/audio/pcm.js'

export function sine(frequency: number, seconds: number, sampleRate: number, amplitude = 0.5): PcmAudio {
  const samples = new Float32Array(Math.round(seconds * sampleRate))
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate)
  return { samples, sampleRate }
}

export function square(frequency: number, seconds: number, sampleRate: number, amplitude = 1): PcmAudio {
  const samples = new Float32Array(Math.round(seconds * sampleRate))
  for (let i = 0; i < samples.length; i++)
    samples[i] = ((i * frequency) / sampleRate) % 1 < 0.5 ? amplitude : -amplitude
  return { samples, sampleRate }
}

/** Uniform white noise from a fixed-seed generator (mulberry32), so every run measures the same samples. */
export function whiteNoise(seconds: number, sampleRate: number, amplitude = 0.5, seed = 1): PcmAudio {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const samples = new Float32Array(Math.round(seconds * sampleRate))
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * (2 * next() - 1)
  return { samples, sampleRate }
}

export function silence(seconds: number, sampleRate: number): PcmAudio {
  return { samples: new Float32Array(Math.round(seconds * sampleRate)), sampleRate }
}

export function join(...parts: PcmAudio[]): PcmAudio {
  const samples = new Float32Array(parts.reduce((sum, part) => sum + part.samples.length, 0))
  let offset = 0
  for (const part of parts) {
    samples.set(part.samples, offset)
    offset += part.samples.length
  }
  return { samples, sampleRate: parts[0]!.sampleRate }
}
