// Thousands of generated trace headers against one running app: every request is served, and the
// app continues exactly the traceparents that W3C Trace Context calls valid. The oracle below is
// written from the spec's text, not from the propagator's code.
import type { Receiver } from '@kit/receiver';
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { MB, memoryOf, startApp, type App } from './helpers/app';
import { startReceiverOn } from './helpers/collectors';

const RUNS = Number(process.env.KIT_FUZZ_RUNS ?? 2_000);

/** W3C Trace Context, "traceparent header field values": the ids a receiver must continue, or none. */
function continuedTraceId(header: string): string | undefined {
  const match = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(.*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  // Version 00 is exactly 55 characters; a later version may be longer if a '-' follows the flags.
  if (version === '00' ? rest !== '' : rest !== '' && !rest.startsWith('-')) return undefined;
  return traceId;
}

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const nearHex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFgz-0'), minLength: length - 1, maxLength: length + 1 });
const sampled = (flags: string) => flags.replace(/.$/, (last) => (parseInt(last, 16) | 1).toString(16));

/** Mostly near-valid traceparents (the interesting edge), some valid ones, some printable junk. */
const traceparent = fc.oneof(
  fc.tuple(hex(32), hex(16), hex(2)).map(([traceId, parentId, flags]) => `00-${traceId}-${parentId}-${sampled(flags)}`),
  fc
    .tuple(
      fc.oneof(hex(2), fc.constantFrom('00', 'ff', 'cc', '0', '000')),
      fc.oneof(hex(32), nearHex(32), fc.constant('0'.repeat(32))),
      fc.oneof(hex(16), nearHex(16), fc.constant('0'.repeat(16))),
      fc.oneof(hex(2).map(sampled), fc.constantFrom('1', '011', 'zz')),
      fc.oneof(fc.constant(''), fc.constantFrom('-', '-x', 'x', '-00'), fc.string({ maxLength: 20 })),
    )
    .map(([version, traceId, parentId, flags, rest]) => `${version}-${traceId}-${parentId}-${flags}${rest}`),
  fc.string({ maxLength: 80 }),
);
const tracestate = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 600 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 60 }).map((members) => members.join(',')));
const baggage = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })), { maxLength: 250 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join(',')),
  fc.constantFrom('%', 'a=%', 'a=%ZZ', 'a=%E0%A4%A', `big=${'x'.repeat(9000)}`),
);

let receiver: Receiver;
let app: App;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
beforeAll(async () => {
  receiver = await startReceiverOn();
  app = await startApp({
    OTEL_SERVICE_NAME: 'header-fuzz',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`,
    OTEL_PROPAGATORS: 'tracecontext,baggage,jaeger,b3',
  });
});
afterAll(async () => {
  agent.destroy();
  await app?.service.stop();
  await receiver?.close();
});

/** GET /context with raw header values (node:http sends any printable ASCII as is). */
function getContext(headers: Record<string, string | undefined>): Promise<{ status: number; traceId: string }> {
  const defined = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
  return new Promise((resolve, reject) => {
    request(`${app.url}/context`, { agent, headers: defined }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, traceId: JSON.parse(body).traceId }));
    })
      .on('error', reject)
      .end();
  });
}

it(`serves ${RUNS} requests with generated headers and continues exactly the valid traceparents`, async () => {
  const before = await memoryOf(app);
  await fc.assert(
    fc.asyncProperty(traceparent, tracestate, baggage, async (parent, state, bag) => {
      const { status, traceId } = await getContext({ traceparent: parent, tracestate: state, baggage: bag });
      expect(status).toBe(200);
      expect(traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
      const expected = continuedTraceId(parent);
      if (expected) expect(traceId).toBe(expected);
      else expect(parent).not.toContain(traceId);
    }),
    { numRuns: RUNS },
  );
  const after = await memoryOf(app);
  expect(after.heapUsed - before.heapUsed).toBeLessThan(8 * MB);
  expect(app.service.output()).not.toMatch(/unhandled|uncaught|warning/i);
});
