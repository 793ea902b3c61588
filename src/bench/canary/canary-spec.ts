/**
 * Reads a spec file for the canary: JSON as `chorus bench|eval|compare` write it (spec.json), its kind from its
 * `kind` field or its shape, validated by that kind's own parser, with relative file paths made absolute against the
 * working directory, so the copy kept with the baseline can be re-run from anywhere.
 */
import { readFile } from 'node:fs/promises'
import { ChorusError } from '../../errors.js'
import type { JsonValue } from '../../store/result-store.js'
import type { AnyCanaryKind } from './canary-kind.js'
import { kindOfSpec } from './kinds/index.js'

export interface CanarySpec {
  readonly kind: AnyCanaryKind
  /** Validated and anchored; plain JSON. */
  readonly spec: JsonValue
}

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

/** A validated spec as plain JSON (no `undefined` members), the way the store keeps it. */
export const plainJson = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue

/** Validates `raw` as a spec of `kind`, anchored at `cwd`, naming `configFile` when it reads the configuration unnamed. */
export function prepareSpec(
  kind: AnyCanaryKind,
  raw: unknown,
  options: { readonly cwd: string; readonly configFile?: string },
): JsonValue {
  let spec = kind.anchor(kind.parse(raw), options.cwd)
  if (options.configFile) spec = kind.withConfig(spec, options.configFile)
  return plainJson(spec)
}

export async function readCanarySpec(
  file: string,
  options: { readonly cwd: string; readonly configFile?: string },
): Promise<CanarySpec> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw usage(
      `cannot read the spec file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw usage(`${file} is not JSON: ${(error as Error).message}`)
  }
  const kind = kindOfSpec(raw, file)
  return { kind, spec: prepareSpec(kind, raw, options) }
}
