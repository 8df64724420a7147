import { JaegerStatus } from '@bomizzel/plugin-incidents-common';
import { z } from 'zod';
import { lookbackMs } from './annotations';
import { JaegerInstance } from './config';
import { describeResult, StatusCache } from './StatusCache';
import { fetchUpstreamJson, urlWithQuery } from './upstream';

type Trace = NonNullable<JaegerStatus['traces']>[number];

// GET /api/traces (query API v1, REFERENCE.md)
const v1Schema = z.object({
  data: z
    .array(
      z.object({
        traceID: z.string().min(1),
        spans: z.array(
          z.object({
            operationName: z.string(),
            startTime: z.number(),
            duration: z.number(),
            references: z.array(z.object({ refType: z.string() })).nullish(),
          }),
        ),
      }),
    )
    .nullable(),
});

const nanos = z.union([z.string().regex(/^\d+$/), z.number()]);
const otlpValue = z
  .object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
  })
  .optional();

// GET /api/v3/traces: OTLP JSON (REFERENCE.md)
const v3Schema = z.object({
  result: z.object({
    resourceSpans: z
      .array(
        z.object({
          scopeSpans: z
            .array(
              z.object({
                spans: z
                  .array(
                    z.object({
                      traceId: z.string().min(1),
                      parentSpanId: z.string().optional(),
                      name: z.string(),
                      startTimeUnixNano: nanos,
                      endTimeUnixNano: nanos,
                      status: z
                        .object({
                          code: z.union([z.number(), z.string()]).optional(),
                        })
                        .optional(),
                      attributes: z
                        .array(z.object({ key: z.string(), value: otlpValue }))
                        .optional(),
                    }),
                  )
                  .nullish(),
              }),
            )
            .nullish(),
        }),
      )
      .nullish(),
  }),
});
type V3Span = NonNullable<
  NonNullable<
    NonNullable<
      z.infer<typeof v3Schema>['result']['resourceSpans']
    >[number]['scopeSpans']
  >[number]['spans']
>[number];

const isErrorSpan = (span: V3Span) =>
  span.status?.code === 2 ||
  span.status?.code === 'STATUS_CODE_ERROR' ||
  (span.attributes ?? []).some(
    a =>
      a.key === 'error' &&
      (a.value?.boolValue === true || a.value?.stringValue === 'true'),
  );

/** How many recent traces a v3 search reads to count those with errors. */
const V3_SEARCH_DEPTH = 100;

/** Recent traces with errors of a service, from Jaeger's query API v1 or v3. */
export class JaegerClient {
  readonly #jaeger: JaegerInstance;
  readonly #cache: StatusCache;
  readonly #clock: () => number;

  static create(
    jaeger: JaegerInstance,
    cache: StatusCache,
    clock: () => number = Date.now,
  ) {
    return new JaegerClient(jaeger, cache, clock);
  }

  private constructor(
    jaeger: JaegerInstance,
    cache: StatusCache,
    clock: () => number,
  ) {
    this.#jaeger = jaeger;
    this.#cache = cache;
    this.#clock = clock;
  }

  async errorTraces(service: string, lookback: string): Promise<JaegerStatus> {
    const { apiVersion, cacheTtlMs } = this.#jaeger;
    const result = await this.#cache.get(
      'jaeger',
      JSON.stringify([apiVersion, service, lookback]),
      cacheTtlMs,
      () => {
        const end = this.#clock();
        const start = end - lookbackMs(lookback);
        return apiVersion === 'v3'
          ? this.#v3(service, start, end)
          : this.#v1(service, start, end);
      },
      { loadTimeoutMs: this.#jaeger.timeoutMs },
    );
    const { value, ...state } = describeResult(result);
    return {
      source: 'jaeger',
      service,
      lookback,
      ...state,
      ...(value ? { errorTraces: value.length, traces: value } : {}),
    };
  }

  #traceUrl(traceId: string) {
    return `${this.#jaeger.baseUrl}/trace/${encodeURIComponent(traceId)}`;
  }

  async #v1(service: string, start: number, end: number): Promise<Trace[]> {
    // The server ignores `lookback`: the window goes as start/end in µs.
    const body = await fetchUpstreamJson({
      url: urlWithQuery(this.#jaeger.baseUrl, '/api/traces', [
        ['service', service],
        ['tags', JSON.stringify({ error: 'true' })],
        ['start', String(start * 1000)],
        ['end', String(end * 1000)],
        ['limit', String(this.#jaeger.limit)],
      ]),
      schema: v1Schema,
      timeoutMs: this.#jaeger.timeoutMs,
    });
    return (body.data ?? []).map(trace => {
      const root =
        trace.spans.find(s => !s.references?.length) ??
        [...trace.spans].sort((a, b) => a.startTime - b.startTime)[0];
      const first = Math.min(...trace.spans.map(s => s.startTime));
      const last = Math.max(...trace.spans.map(s => s.startTime + s.duration));
      return {
        traceId: trace.traceID,
        operation: root?.operationName ?? '',
        startTime: new Date(Math.floor(first / 1000)).toISOString(),
        durationMs: trace.spans.length ? (last - first) / 1000 : 0,
        url: this.#traceUrl(trace.traceID),
      };
    });
  }

  async #v3(service: string, start: number, end: number): Promise<Trace[]> {
    const body = await fetchUpstreamJson({
      url: urlWithQuery(this.#jaeger.baseUrl, '/api/v3/traces', [
        ['query.service_name', service],
        ['query.start_time_min', new Date(start).toISOString()],
        ['query.start_time_max', new Date(end).toISOString()],
        ['query.num_traces', String(V3_SEARCH_DEPTH)],
      ]),
      schema: v3Schema,
      timeoutMs: this.#jaeger.timeoutMs,
      // Jaeger v3 answers a search without results with 404.
      notFound: { result: { resourceSpans: [] } },
    });
    const traces = new Map<string, V3Span[]>();
    for (const resource of body.result.resourceSpans ?? []) {
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
        }
      }
    }
    return [...traces.entries()]
      .filter(([, spans]) => spans.some(isErrorSpan))
      .slice(0, this.#jaeger.limit)
      .map(([traceId, spans]) => {
        const startNs = spans.map(s => BigInt(s.startTimeUnixNano));
        const endNs = spans.map(s => BigInt(s.endTimeUnixNano));
        const first = startNs.reduce((a, b) => (b < a ? b : a));
        const last = endNs.reduce((a, b) => (b > a ? b : a));
        const root = spans.find(s => !s.parentSpanId) ?? spans[0];
        return {
          traceId,
          operation: root.name,
          startTime: new Date(Number(first / 1_000_000n)).toISOString(),
          durationMs: Number(last - first) / 1e6,
          url: this.#traceUrl(traceId),
        };
      });
  }
}
