// node-postgres behaves as without the kit (real PostgreSQL at DATABASE_URL, default
// 127.0.0.1:5432/test): the same fixture runs bare and with the kit and gets the same rows and
// fields, query config objects (rowMode) and prepared statements, and errors that keep code,
// detail, constraint, position; and its pool with allowExitOnIdle lets the process exit promptly.
import { SpanStatusCode } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan } from '@kit/receiver';
import { TEST_DATABASE_URL } from '../helpers/samples';
import { attribute } from '../helpers/trace-tree';
import { kitTo, runToEnd, type Outcome } from './run-both';

/** A pool with allowExitOnIdle exits at once when idle; the kit may add its flush to a reachable collector. */
const PROMPT_EXIT_MS = 5_000;

/** The temporary table's name holds the pid, and its schema the backend's number. */
const stable = (outcome: Outcome) =>
  JSON.parse(JSON.stringify(outcome.result).replace(/kit_libraries_\d+/g, 'kit_libraries').replace(/pg_temp_\d+/g, 'pg_temp')) as Record<string, unknown>;

let receiver: Receiver;
let bare: Outcome;
let kit: Outcome;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  const { preload, env } = kitTo(receiver);
  [bare, kit] = await Promise.all([
    runToEnd('pg/app.cjs', [], { DATABASE_URL: TEST_DATABASE_URL }),
    runToEnd('pg/app.cjs', preload, { ...env, DATABASE_URL: TEST_DATABASE_URL }),
  ]);
}, 120_000);
afterAll(() => receiver?.close());

describe('pg with the kit', () => {
  it.each([
    ['plain', 'a plain query'],
    ['values', 'a query with values'],
    ['configObject', "a query config object with rowMode 'array'"],
    ['prepared', 'a named prepared statement, run twice'],
    ['uniqueViolation', 'a unique violation: code, detail, schema, table, constraint'],
    ['callback', 'a query with a callback'],
    ['syntaxError', 'a syntax error: code and position'],
    ['missingTable', 'a missing table'],
    ['callbackError', 'an error through a callback'],
  ])('%s: %s, as bare', (name) => {
    expect(stable(kit)[name]).toEqual(stable(bare)[name]);
  });

  it('keeps the error fields apps read', () => {
    expect(kit.result.uniqueViolation).toMatchObject({ code: '23505', detail: 'Key (id)=(1) already exists.', constraint: expect.stringMatching(/_pkey$/) });
    expect(kit.result.syntaxError).toMatchObject({ code: '42601', position: '1' });
  });

  it('exits promptly once the pool is idle (allowExitOnIdle)', () => {
    expect(bare.exitAfterMs).toBeLessThan(PROMPT_EXIT_MS);
    expect(kit.exitAfterMs).toBeLessThan(PROMPT_EXIT_MS);
  });

  it('traces each query, errors with an error status', async () => {
    const isQuery = (span: ReceivedSpan) => span.scope.name === '@opentelemetry/instrumentation-pg' && attribute(span, 'db.query.text', 'db.statement') !== undefined;
    const spans = await receiver.waitForSpans((all) => all.filter(isQuery).length >= 11, { timeoutMs: 15_000 });
    const failed = spans.filter((span) => isQuery(span) && span.status.code === SpanStatusCode.ERROR);
    const texts = failed.map((span) => attribute(span, 'db.query.text', 'db.statement'));
    expect(texts).toHaveLength(4);
    expect(texts).toEqual(expect.arrayContaining(['SELEC 1', 'SELECT * FROM kit_no_such_table', 'SELECT 1/0', expect.stringMatching(/^INSERT INTO/)]));
  });
});
