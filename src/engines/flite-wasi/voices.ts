/** The voices compiled into the flite WASI build. */
import type { EngineVoice } from '../engine.js'

export const FLITE_VOICES: readonly EngineVoice[] = [
  { id: 'slt', name: 'CMU US SLT (female, clustergen)', languages: ['en-US', 'en'], gender: 'female', sampleRate: 16000 },
  { id: 'kal16', name: 'CMU US KAL (male, diphone 16 kHz)', languages: ['en-US', 'en'], gender: 'male', sampleRate: 16000 },
  { id: 'rms', name: 'CMU US RMS (male, clustergen)', languages: ['en-US', 'en'], gender: 'male', sampleRate: 16000 },
  { id: 'awb', name: 'CMU US AWB (male, Scottish English, clustergen)', languages: ['en-GB', 'en'], gender: 'male', sampleRate: 16000 },
  { id: 'kal', name: 'CMU US KAL (male, diphone 8 kHz)', languages: ['en-US', 'en'], gender: 'male', sampleRate: 8000 },
]

/**
 * duration_stretch each voice sets for itself (the kal diphone voices speak 10% slower than 1.0). Speed must scale
 * this value, not replace it, or kal16 at speed 1 comes out 9% faster than native flite.
 */
export const FLITE_NATIVE_DURATION_STRETCH: Readonly<Record<string, number>> = { kal: 1.1, kal16: 1.1 }
