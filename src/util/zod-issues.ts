/**
 * A zod validation failure in one line, each issue as `path: message` (`(root)` for the document itself), for the
 * coded errors that tell a user which field of a spec or set file is wrong.
 *
 * @example
 * describeZodIssues(schema.safeParse({ candidats: 3 }).error!) // "(root): Unrecognized key: \"candidats\""
 */
import type { ZodError } from 'zod'

export function describeZodIssues(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ')
}
