/**
 * Credentials: Bearer API keys on the OpenAI routes, `X-Internal-Token` on the Chatterbox route. Comparison is
 * constant-time and checks every configured key whatever the input (both sides are HMAC'd to a fixed length first),
 * so neither the position of a mismatch nor the number of keys shows in the response time.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { ChorusError } from '../errors.js'

// A per-process secret: digests are never exposed, they only equalize lengths for timingSafeEqual.
const HMAC_KEY = randomBytes(32)

function digest(value: string): Buffer {
  return createHmac('sha256', HMAC_KEY).update(value).digest()
}

export class CredentialCheck {
  readonly #digests: readonly Buffer[]

  constructor(secrets: readonly string[]) {
    this.#digests = secrets.map(digest)
  }

  get enabled(): boolean {
    return this.#digests.length > 0
  }

  /** True when `presented` equals one of the secrets. Always compares against all of them. */
  matches(presented: string | undefined): boolean {
    const candidate = digest(presented ?? '')
    let found = false
    for (const secret of this.#digests) found = timingSafeEqual(candidate, secret) || found
    return found && presented !== undefined
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match ? match[1]!.trim() : undefined
}

export function assertAuthorized(check: CredentialCheck, presented: string | undefined, what: string): void {
  if (!check.enabled) return
  if (!check.matches(presented)) {
    throw new ChorusError('CHORUS_ERR_UNAUTHORIZED', { reason: presented === undefined ? `no ${what} was sent` : `the ${what} is not valid` })
  }
}
