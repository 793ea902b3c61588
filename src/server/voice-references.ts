/**
 * The allowlist behind the Chatterbox route's `reference_audio`: a folder of reference clips and its metadata.json
 * naming the clips that may be used (`{ "<file name>": { "voice": "<alias or backend:voice>" } }`). A name is only
 * accepted when it is listed, plain (no path separators, no `..`, not absolute) and its real path stays inside the
 * folder; the clip itself is never opened here.
 */
import { readFile, realpath } from 'node:fs/promises'
import { isAbsolute, join, sep } from 'node:path'
import { z } from 'zod'
import { ChorusError } from '../errors.js'

const metadataSchema = z.record(
  z.string(),
  z.object({ voice: z.string().min(1).optional(), description: z.string().optional() }).passthrough(),
)

export interface ReferenceEntry {
  readonly file: string
  /** The voice the clip routes to; the route's default voice when absent. */
  readonly voice?: string
}

export class VoiceReferences {
  private constructor(
    private readonly dir: string | undefined,
    private readonly entries: ReadonlyMap<string, ReferenceEntry>,
  ) {}

  static async load(dir: string | undefined): Promise<VoiceReferences> {
    if (!dir) return new VoiceReferences(undefined, new Map())
    const realDir = await realpath(dir).catch((error: Error) => {
      throw new ChorusError('CHORUS_ERR_CONFIG_INVALID', { reason: `chatterbox.referencesDir ${dir}: ${error.message}` })
    })
    let metadata: z.infer<typeof metadataSchema>
    try {
      metadata = metadataSchema.parse(JSON.parse(await readFile(join(realDir, 'metadata.json'), 'utf8')))
    } catch (error) {
      throw new ChorusError('CHORUS_ERR_CONFIG_INVALID', {
        reason: `chatterbox.referencesDir ${dir}: metadata.json is missing or invalid (${(error as Error).message})`,
      })
    }
    const entries = new Map(
      Object.entries(metadata).map(([file, entry]) => [file, { file, ...(entry.voice ? { voice: entry.voice } : {}) }]),
    )
    return new VoiceReferences(realDir, entries)
  }

  get names(): string[] {
    return [...this.entries.keys()]
  }

  /** The allowlisted entry for `name`, or a 403 CHORUS_ERR_FORBIDDEN explaining why not. */
  async resolve(name: string): Promise<ReferenceEntry> {
    const refuse = (reason: string): never => {
      throw new ChorusError('CHORUS_ERR_FORBIDDEN', { reason: `reference_audio ${JSON.stringify(name)} ${reason}` })
    }
    if (!this.dir) refuse('cannot be used: no voice-references folder is configured')
    if (name.includes('\0') || isAbsolute(name) || /[\\/]/.test(name) || name === '.' || name === '..' || name.startsWith('..')) {
      refuse('must be a plain file name from the voice-references folder')
    }
    const entry = this.entries.get(name)
    if (!entry) refuse('is not listed in the voice-references metadata.json')
    let real: string
    try {
      real = await realpath(join(this.dir!, name))
    } catch {
      return refuse('is listed but missing from the voice-references folder')
    }
    if (!real.startsWith(this.dir! + sep)) refuse('points outside the voice-references folder')
    return entry!
  }
}
