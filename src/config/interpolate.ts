/**
 * `${NAME}` interpolation in every string value of a parsed configuration, from the environment. `$${` escapes a
 * literal `${`. A reference to an unset variable is an error naming the variable and the key path.
 */
import { ChorusError } from '../errors.js'

type Env = Readonly<Record<string, string | undefined>>

export function interpolateEnv(value: unknown, env: Env, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      if (whole.startsWith('$$')) return whole.slice(1)
      const resolved = env[name]
      if (resolved === undefined) {
        throw new ChorusError('CHORUS_ERR_CONFIG_INVALID', {
          reason: `${path || '(root)'}: environment variable ${name} is not set (referenced as \${${name}})`,
        })
      }
      return resolved
    })
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateEnv(item, env, `${path}[${index}]`))
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, interpolateEnv(inner, env, path ? `${path}.${key}` : key)]),
    )
  }
  return value
}
