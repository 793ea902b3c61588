/**
 * Gates read from the signal alone: clipping, silence share and leading silence. Their values come straight from
 * {@link SignalMetrics} (src/audio/metrics), where each reading's definition is documented.
 */
import type { Gate } from './gate.js'

const formatPercent = (value: number): string => `${value.toFixed(value < 1 ? 3 : 1)}%`

const CLIPPING_THRESHOLD = 0.1

export const clippingGate: Gate = {
  name: 'clipping',
  description:
    'Share of samples (%) inside runs of ≥ 3 consecutive samples at |x| ≥ 0.999 of full scale; fails above the threshold.',
  defaultThreshold: CLIPPING_THRESHOLD,
  check(input, threshold = CLIPPING_THRESHOLD) {
    const value = input.metrics.clippingPercent
    const status = value > threshold ? 'fail' : 'pass'
    return {
      status,
      value,
      threshold,
      detail: `${formatPercent(value)} of samples clipped (limit ${formatPercent(threshold)}).`,
    }
  },
}

const SILENCE_THRESHOLD = 60

export const silenceGate: Gate = {
  name: 'silence',
  description:
    'Share of 20 ms frames (%) below the silence threshold (the higher of −50 dBFS and the loudest frame − 40 dB); ' +
    'fails above the threshold, and always when the clip is empty or silent throughout.',
  defaultThreshold: SILENCE_THRESHOLD,
  check(input, threshold = SILENCE_THRESHOLD) {
    const { silencePercent, durationSeconds, peakDbfs } = input.metrics
    const allSilent = durationSeconds === 0 || silencePercent >= 100
    if (allSilent) {
      return {
        status: 'fail',
        value: 100,
        threshold,
        detail:
          durationSeconds === 0
            ? 'The clip is empty.'
            : `The clip is silent throughout (peak ${peakDbfs.toFixed(1)} dBFS).`,
      }
    }
    return {
      status: silencePercent > threshold ? 'fail' : 'pass',
      value: silencePercent,
      threshold,
      detail: `${formatPercent(silencePercent)} of frames are silent (limit ${formatPercent(threshold)}).`,
    }
  },
}

const LEADING_SILENCE_THRESHOLD = 0.8

export const leadingSilenceGate: Gate = {
  name: 'leading_silence',
  description: 'Seconds of silence before the first non-silent 20 ms frame; fails above the threshold.',
  defaultThreshold: LEADING_SILENCE_THRESHOLD,
  check(input, threshold = LEADING_SILENCE_THRESHOLD) {
    const value = input.metrics.leadingSilenceSeconds
    return {
      status: value > threshold ? 'fail' : 'pass',
      value,
      threshold,
      detail: `Speech starts after ${value.toFixed(2)} s (limit ${threshold.toFixed(2)} s).`,
    }
  },
}
