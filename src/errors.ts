/**
 * Every coded error Chorus can raise, in one table: its HTTP status, OpenAI error `type`, the request parameter it
 * concerns and a message template. Routes map a thrown `ChorusError` to OpenAI's error JSON
 * `{ error: { message, type, param, code } }`; the README documents every code (a test keeps the two in step).
 */

type ErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'server_error'

interface ErrorSpec {
  readonly status: number
  readonly type: ErrorType
  readonly param: string | null
  /** Message template; `{name}` placeholders are filled from the details given when the error is made. */
  readonly message: string
}

export const errorTable = {
  CHORUS_ERR_MISSING_PARAM: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'Missing required parameter: `{param}`.',
  },
  CHORUS_ERR_INVALID_PARAM: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'Invalid value for `{param}`: {reason}',
  },
  CHORUS_ERR_INPUT_EMPTY: {
    status: 400,
    type: 'invalid_request_error',
    param: 'input',
    message: '`input` has nothing to speak: {reason}',
  },
  CHORUS_ERR_INPUT_TOO_LONG: {
    status: 400,
    type: 'invalid_request_error',
    param: 'input',
    message: '`input` is {length} characters long; the limit is {limit}.',
  },
  CHORUS_ERR_VOICE_NOT_FOUND: {
    status: 400,
    type: 'invalid_request_error',
    param: 'voice',
    message: 'Unknown voice `{voice}`. Valid voices: {valid}.',
  },
  CHORUS_ERR_MODEL_NOT_FOUND: {
    status: 404,
    type: 'invalid_request_error',
    param: 'model',
    message: 'The model `{model}` does not exist. Valid models: {valid}.',
  },
  CHORUS_ERR_SPEED_OUT_OF_RANGE: {
    status: 400,
    type: 'invalid_request_error',
    param: 'speed',
    message: '`speed` must be a number from 0.25 to 4.0; got {speed}.',
  },
  CHORUS_ERR_FORMAT_UNSUPPORTED: {
    status: 400,
    type: 'invalid_request_error',
    param: 'response_format',
    message: 'Unsupported `response_format` `{format}`. Supported formats: {valid}.',
  },
  CHORUS_ERR_FORMAT_UNAVAILABLE: {
    status: 400,
    type: 'invalid_request_error',
    param: 'response_format',
    message: '`response_format` `{format}` needs {needs}, which is not available on this server. Formats that work here: {valid}.',
  },
  CHORUS_ERR_STREAM_FORMAT_UNSUPPORTED: {
    status: 400,
    type: 'invalid_request_error',
    param: 'stream_format',
    message: 'Unsupported `stream_format` `{format}`. Supported: audio, sse.',
  },
  CHORUS_ERR_MALFORMED_JSON: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'The request body is not valid JSON: {reason}',
  },
  CHORUS_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    type: 'invalid_request_error',
    param: null,
    message: 'Unsupported Content-Type `{contentType}`; send application/json.',
  },
  CHORUS_ERR_BODY_TOO_LARGE: {
    status: 413,
    type: 'invalid_request_error',
    param: null,
    message: 'The request body is larger than the limit of {limit} bytes.',
  },
  CHORUS_ERR_ROUTE_NOT_FOUND: {
    status: 404,
    type: 'not_found_error',
    param: null,
    message: 'No route for {method} {url}.',
  },
  CHORUS_ERR_ENGINE_UNAVAILABLE: {
    status: 503,
    type: 'server_error',
    param: null,
    message: 'Engine `{engine}` is not available: {reason}',
  },
  CHORUS_ERR_SYNTHESIS_FAILED: {
    status: 502,
    type: 'server_error',
    param: null,
    message: 'Synthesis failed on `{engine}`: {reason}',
  },
  CHORUS_ERR_SILENT_AUDIO: {
    status: 502,
    type: 'server_error',
    param: null,
    message: 'Engine `{engine}` produced no audible speech for this input.',
  },
  CHORUS_ERR_ABORTED: {
    status: 499,
    type: 'server_error',
    param: null,
    message: 'The request was cancelled before synthesis finished.',
  },
  CHORUS_ERR_UPSTREAM_UNAVAILABLE: {
    status: 503,
    type: 'server_error',
    param: null,
    message: 'Backend `{engine}` could not be reached: {reason}',
  },
  CHORUS_ERR_UPSTREAM_TIMEOUT: {
    status: 504,
    type: 'server_error',
    param: null,
    message: 'Backend `{engine}` timed out: {reason}',
  },
  CHORUS_ERR_UPSTREAM_ERROR: {
    status: 502,
    type: 'server_error',
    param: null,
    message: 'Backend `{engine}` failed: {reason}',
  },
  CHORUS_ERR_UPSTREAM_BAD_AUDIO: {
    status: 502,
    type: 'server_error',
    param: null,
    message: 'Backend `{engine}` returned audio that cannot be used: {reason}',
  },
  CHORUS_ERR_MULTIPART_INVALID: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'Send multipart/form-data with the audio in a `file` field: {reason}',
  },
  CHORUS_ERR_FILE_TOO_LARGE: {
    status: 413,
    type: 'invalid_request_error',
    param: 'file',
    message: 'The uploaded `file` is larger than the limit of {limit} bytes.',
  },
  CHORUS_ERR_AUDIO_UNDECODABLE: {
    status: 400,
    type: 'invalid_request_error',
    param: 'file',
    message: 'The audio cannot be decoded: {reason}',
  },
  CHORUS_ERR_ASR_FAILED: {
    status: 502,
    type: 'server_error',
    param: null,
    message: 'Transcription failed on `{engine}`: {reason}',
  },
  CHORUS_ERR_QUEUE_FULL: {
    status: 503,
    type: 'server_error',
    param: null,
    message: 'Every backend for voice `{voice}` is busy and its queue is full; retry after {retryAfter} s.',
  },
  CHORUS_ERR_CIRCUIT_OPEN: {
    status: 503,
    type: 'server_error',
    param: null,
    message: 'Backend `{engine}` is failing and has been taken out of rotation for {retryAfter} s.',
  },
  CHORUS_ERR_UNAUTHORIZED: {
    status: 401,
    type: 'authentication_error',
    param: null,
    message: 'Missing or invalid credentials: {reason}',
  },
  CHORUS_ERR_FORBIDDEN: {
    status: 403,
    type: 'permission_error',
    param: null,
    message: 'Not allowed: {reason}',
  },
  CHORUS_ERR_INTERNAL: {
    status: 500,
    type: 'server_error',
    param: null,
    message: 'Internal error: {reason}',
  },
  CHORUS_ERR_CONFIG_INVALID: {
    status: 500,
    type: 'server_error',
    param: null,
    message: 'Invalid configuration: {reason}',
  },
  CHORUS_ERR_CLI_USAGE: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: '{reason}',
  },
  CHORUS_ERR_STORE_URL_INVALID: {
    status: 500,
    type: 'server_error',
    param: null,
    message: 'Invalid result store URL `{url}`: {reason}',
  },
  CHORUS_ERR_STORE_UNAVAILABLE: {
    status: 503,
    type: 'server_error',
    param: null,
    message: 'The result store `{store}` is not available: {reason}',
  },
  CHORUS_ERR_RUN_NOT_FOUND: {
    status: 404,
    type: 'not_found_error',
    param: 'run_id',
    message: 'No run with id {runId} in the result store.',
  },
  CHORUS_ERR_AUDIO_RESULT_NOT_FOUND: {
    status: 404,
    type: 'not_found_error',
    param: null,
    message: 'No audio result for file `{fileHash}` in dataset `{dataset}`.',
  },
  CHORUS_ERR_BASELINE_NOT_FOUND: {
    status: 404,
    type: 'not_found_error',
    param: 'baseline_name',
    message: 'No canary baseline named `{name}` in the result store. Baselines: {valid}.',
  },
  CHORUS_ERR_BASELINE_EMPTY: {
    status: 502,
    type: 'server_error',
    param: null,
    message: 'Baseline `{name}` was not saved: {reason}',
  },
  CHORUS_ERR_DATASET_EMPTY: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: '`{folder}` has no `*.wav` clip with a same-name `*.txt` text beside it to score{detail}.',
  },
  CHORUS_ERR_DATASET_ITEM_INVALID: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'Dataset item `{item}` cannot be scored: {reason}',
  },
  CHORUS_ERR_BENCH_SPEC_INVALID: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'Invalid bench spec: {reason}',
  },
  CHORUS_ERR_COMPARE_SPEC_INVALID: {
    status: 400,
    type: 'invalid_request_error',
    param: null,
    message: 'Invalid compare spec: {reason}',
  },
} as const satisfies Record<string, ErrorSpec>

export type ErrorCode = keyof typeof errorTable

export type ErrorDetails = Record<string, string | number | boolean | undefined>

function fill(template: string, details: ErrorDetails): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = details[name]
    return value === undefined ? whole : String(value)
  })
}

/** An error with a stable `code` from {@link errorTable}. */
export class ChorusError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly type: ErrorType
  readonly param: string | null
  /** The values the message was filled from (e.g. `retryAfter` for the Retry-After header). */
  readonly details: Readonly<ErrorDetails>

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown; param?: string }) {
    const spec: ErrorSpec = errorTable[code]
    super(fill(spec.message, details), options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ChorusError'
    this.code = code
    this.status = spec.status
    this.type = spec.type
    this.param = options?.param ?? (typeof details.param === 'string' ? details.param : spec.param)
    this.details = details
  }

  /** Seconds a client should wait before retrying, when the error says so. */
  get retryAfterSeconds(): number | undefined {
    return typeof this.details.retryAfter === 'number' ? this.details.retryAfter : undefined
  }

  /** OpenAI-style error body. */
  toJSON(): { error: { message: string; type: ErrorType; param: string | null; code: ErrorCode } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } }
  }
}

export function isChorusError(value: unknown): value is ChorusError {
  return value instanceof ChorusError
}

/** True when `error` is what an AbortSignal throws (DOMException `AbortError`, or our own `CHORUS_ERR_ABORTED`). */
export function isAbortError(error: unknown): boolean {
  if (error instanceof ChorusError) return error.code === 'CHORUS_ERR_ABORTED'
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')
}

/** Wraps anything thrown into a ChorusError so callers always see a code. */
export function toChorusError(error: unknown, fallback: { engine?: string } = {}): ChorusError {
  if (error instanceof ChorusError) return error
  if (isAbortError(error)) return new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
  const reason = error instanceof Error ? error.message : String(error)
  if (fallback.engine) return new ChorusError('CHORUS_ERR_SYNTHESIS_FAILED', { engine: fallback.engine, reason }, { cause: error })
  return new ChorusError('CHORUS_ERR_INTERNAL', { reason }, { cause: error })
}
