/**
 * Voices of an OpenAI-compatible upstream: reading the voice lists servers publish, and checking a requested voice,
 * including Kokoro-FastAPI's voice mixing syntax.
 *
 * Kokoro-FastAPI mixes voices by name: components joined by `+` (add) or `-` (subtract), each with an optional weight
 * in parentheses, e.g. `af_bella(2)+af_sky` or `af_bella(0.7)+af_sky(0.3)-am_adam(0.1)` (its `_get_voices_path`
 * splits on `[-+]` and reads `name(weight)`). The string is passed upstream unchanged; Chorus only checks that every
 * component is a voice the upstream has.
 */
import { ChorusError } from '../../errors.js'
import type { EngineVoice } from '../engine.js'

/** Kokoro voice ids start with a language letter and a gender letter (VOICES.md of hexgrad/Kokoro-82M). */
const KOKORO_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  a: ['en-US', 'en'],
  b: ['en-GB', 'en'],
  e: ['es'],
  f: ['fr-FR', 'fr'],
  h: ['hi'],
  i: ['it'],
  j: ['ja'],
  p: ['pt-BR', 'pt'],
  z: ['zh'],
}

/** A voice known only by its id; Kokoro-style ids also tell language and gender. */
export function voiceFromId(id: string): EngineVoice {
  const kokoro = /^([abefhijpz])([fm])_/.exec(id)
  if (!kokoro) return { id, name: id, languages: [] }
  return { id, name: id, languages: KOKORO_LANGUAGES[kokoro[1]!]!, gender: kokoro[2] === 'f' ? 'female' : 'male' }
}

function voiceFromObject(entry: Record<string, unknown>): EngineVoice | undefined {
  const id = [entry.id, entry.voice_id, entry.name].find((value) => typeof value === 'string' && value !== '') as
    string | undefined
  if (id === undefined) return undefined
  const base = voiceFromId(id)
  const languages = Array.isArray(entry.languages) ? entry.languages.filter((value) => typeof value === 'string') : []
  const gender =
    entry.gender === 'female' || entry.gender === 'male' || entry.gender === 'neutral' ? entry.gender : base.gender
  return {
    id,
    name: typeof entry.name === 'string' && entry.name !== '' ? entry.name : id,
    languages: languages.length > 0 ? languages : base.languages,
    ...(gender ? { gender } : {}),
  }
}

function voicesFromArray(list: readonly unknown[]): EngineVoice[] {
  return list.flatMap((entry) => {
    if (typeof entry === 'string' && entry !== '') return [voiceFromId(entry)]
    if (entry && typeof entry === 'object') {
      const voice = voiceFromObject(entry as Record<string, unknown>)
      return voice ? [voice] : []
    }
    return []
  })
}

/**
 * Reads a `GET /v1/audio/voices` body: Kokoro-FastAPI's `{voices: string[]}`, Chorus's `{voices: string[], data:
 * [{id, name, languages, gender}]}` (details taken from `data`), lists of voice objects, or a bare array.
 */
export function parseVoiceList(body: unknown): EngineVoice[] {
  const record = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
  const names = Array.isArray(body) ? body : Array.isArray(record.voices) ? record.voices : []
  const details = Array.isArray(record.data) ? voicesFromArray(record.data) : []
  const byId = new Map(details.map((voice) => [voice.id, voice]))
  const voices = names.length > 0 ? voicesFromArray(names).map((voice) => byId.get(voice.id) ?? voice) : details
  const unique = new Map(voices.map((voice) => [voice.id, voice]))
  return [...unique.values()]
}

const MIX_COMPONENT = /^\s*([\w.]+)\s*(?:\(\s*(?:\d+(?:\.\d*)?|\.\d+)\s*\))?\s*$/

/** The voice names in a Kokoro-FastAPI mix (`af_bella(2)+af_sky` → `af_bella`, `af_sky`), or undefined if not one. */
export function voiceMixComponents(voice: string): string[] | undefined {
  if (!/[-+(]/.test(voice)) return undefined
  const names: string[] = []
  for (const part of voice.split(/[-+]/)) {
    const match = MIX_COMPONENT.exec(part)
    if (!match) return undefined
    names.push(match[1]!)
  }
  return names
}

/** Accepts a listed voice or a mix of listed voices; anything else is `CHORUS_ERR_VOICE_NOT_FOUND` naming the valid ones. */
export function assertVoice(voice: string, known: readonly EngineVoice[]): void {
  const ids = new Set(known.map((entry) => entry.id))
  if (ids.has(voice)) return
  const components = voiceMixComponents(voice)
  if (components && components.every((name) => ids.has(name))) return
  throw new ChorusError('CHORUS_ERR_VOICE_NOT_FOUND', { voice, valid: [...ids].join(', ') })
}
