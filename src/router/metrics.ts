/**
 * Prometheus metrics of one Chorus instance (prom-client, a registry per instance so several can live in one
 * process): requests, latency and time to first audio, queue depth, circuit state, failovers, shadow results.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120]

export const CIRCUIT_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const

export class ChorusMetrics {
  readonly registry = new Registry()
  readonly requests = new Counter({
    name: 'chorus_requests_total',
    help: 'HTTP requests by route, serving backend and status code',
    labelNames: ['route', 'backend', 'status'] as const,
    registers: [this.registry],
  })
  readonly requestDuration = new Histogram({
    name: 'chorus_request_duration_seconds',
    help: 'HTTP request duration until the response finished, by route and serving backend',
    labelNames: ['route', 'backend'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  })
  readonly timeToFirstAudio = new Histogram({
    name: 'chorus_time_to_first_audio_seconds',
    help: 'From routing a request to its first audible audio, by serving backend',
    labelNames: ['backend'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  })
  readonly queueDepth = new Gauge({
    name: 'chorus_backend_queue_depth',
    help: 'Requests waiting for a backend slot',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  })
  readonly inFlight = new Gauge({
    name: 'chorus_backend_in_flight',
    help: 'Requests a backend is working on',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  })
  readonly circuitState = new Gauge({
    name: 'chorus_backend_circuit_state',
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  })
  readonly healthy = new Gauge({
    name: 'chorus_backend_healthy',
    help: 'Last health probe: 1 healthy, 0 failing',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  })
  readonly backendFailures = new Counter({
    name: 'chorus_backend_failures_total',
    help: 'Failed attempts on a backend, by error code',
    labelNames: ['backend', 'code'] as const,
    registers: [this.registry],
  })
  readonly failovers = new Counter({
    name: 'chorus_failovers_total',
    help: 'Requests moved from one backend to the next in their chain before the first audio byte',
    labelNames: ['from', 'reason'] as const,
    registers: [this.registry],
  })
  readonly shadowRequests = new Counter({
    name: 'chorus_shadow_requests_total',
    help: 'Mirrored requests to standby backends, by outcome (ok, error code, or skipped)',
    labelNames: ['from', 'to', 'outcome'] as const,
    registers: [this.registry],
  })
  readonly shadowLatency = new Histogram({
    name: 'chorus_shadow_duration_seconds',
    help: 'Full synthesis time of mirrored requests on the standby backend',
    labelNames: ['to'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  })
  readonly shadowTimeToFirstAudio = new Histogram({
    name: 'chorus_shadow_time_to_first_audio_seconds',
    help: 'Time to first audible audio of mirrored requests on the standby backend',
    labelNames: ['to'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  })

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'chorus_process_' })
  }
}
