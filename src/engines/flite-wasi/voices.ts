/** The voices compiled into the flite WASI build. */
import type { EngineVoice } from '../engine.js'

export const FLITE_VOICES: readonly EngineVoice[] = [
  { id: 'slt', name: 'CMU US SLT (female, clustergen)', languages: ['en-US', 'en'], gender: 'female', sampleRate: 16000 },
  { id: 'kal16', name: 'CMU US KAL (male, diphone 16 kHz)', languages: ['en-US', 'en'], gender: 'male', sampleRate: 16000 },
  { id: 'rms', name: 'CMU US RMS (male, clustergen)', languages: ['en-US', 'en'], gender: 'male', sampleRate: 16000 },
  { id: 'awb', name: 'CMU US AWB (male, Scottish English, clustergen)', languages: ['en-GB', 'en'], gender: 'male', sampleRate: 16000 },
  { id: 'kal', name: 'CMU US KAL (male, diphone 8 kHz)', languages: ['en-US', 'en'], gender: 'male', sampleRate: 8000 },
]
