/**
 * Reading a small HTTP response body (an error page, a transcript, a health answer) as text with a byte limit, for
 * the upstream clients and the bench targets alike. Both readers always close the body, and attach an 'error'
 * listener first: undici reports a body destroyed before its end as an 'error' event, which with no listener would
 * crash the process.
 *
 * @example
 * const message = await readTruncatedText(response.body, 16 * 1024) // for an error message: the start is enough
 * const transcript = await readBoundedText(response.body, 16 * 1024 * 1024) // all of it, or an error
 */
import type { Dispatcher } from 'undici'

type Body = Dispatcher.ResponseData['body']

/** Collects chunks into `parts` until the body ends or `enough(bytesSoFar)`; gives the byte count. */
async function collect(body: Body, parts: Buffer[], enough: (length: number) => boolean): Promise<number> {
  let length = 0
  try {
    for await (const chunk of body) {
      parts.push(chunk as Buffer)
      length += (chunk as Buffer).length
      if (enough(length)) break
    }
    return length
  } finally {
    body.on('error', () => {})
    body.destroy()
  }
}

/**
 * At most `limit` bytes of a body as text; the rest is dropped unread. A body that breaks part-way gives what did
 * arrive, which is enough for a message.
 */
export async function readTruncatedText(body: Body, limit: number): Promise<string> {
  const parts: Buffer[] = []
  await collect(body, parts, (length) => length >= limit).catch(() => 0)
  return Buffer.concat(parts).subarray(0, limit).toString('utf8')
}

/** The whole body as text; one larger than `limit` bytes, or one that breaks part-way, rejects. */
export async function readBoundedText(body: Body, limit: number): Promise<string> {
  const parts: Buffer[] = []
  if ((await collect(body, parts, (length) => length > limit)) > limit)
    throw new Error(`the answer is larger than ${limit} bytes`)
  return Buffer.concat(parts).toString('utf8')
}
