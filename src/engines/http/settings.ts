/**
 * Settings every remote (HTTP) engine kind shares: where the server is and how long to wait for it. Kinds spread
 * these into their own `.strict()` schema so a configuration names them the same way for every backend.
 */
import { z } from 'zod'

/** An http(s) base URL with no query or fragment; a trailing slash is allowed and ignored. */
export const baseUrlSchema = z.string().refine((value) => {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === ''
  } catch {
    return false
  }
}, 'expected an http:// or https:// base URL without query or fragment, e.g. http://127.0.0.1:8880')

export const httpTimeoutSettings = {
  /** Longest wait for the TCP (and TLS) connection; past it the backend counts as down and the router fails over. */
  connectTimeoutMs: z.number().int().min(1).max(120_000).default(2000),
  /** Longest wait from sending the request to the response headers (the upstream's time to first audio). */
  firstByteTimeoutMs: z.number().int().min(1).max(600_000).default(15_000),
  /** Longest silence between two pieces of the audio body once it has started. */
  idleTimeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  /** Path probed by `health()`; any 2xx answer is healthy. */
  healthPath: z.string().startsWith('/').default('/health'),
}

/** `http://host:8880/`, `http://host:8880/v1` and `http://host:8880/v1/` all → `http://host:8880` (no trailing slash). */
export function serverRoot(baseUrl: string, { stripV1 }: { stripV1: boolean }): string {
  let root = baseUrl.replace(/\/+$/, '')
  if (stripV1) root = root.replace(/\/v1$/, '')
  return root
}
