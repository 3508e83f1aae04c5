import { context, createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { IncomingMessage, ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { bindEmitter } from './bound-emitters';
import { KitContextManager } from './context-manager';

const KEY = createContextKey('request');
const REQUEST_CONTEXT = ROOT_CONTEXT.setValue(KEY, 'request');

type Emitter = IncomingMessage | ServerResponse;
/** What each listener call saw: `<listener> <value of KEY>`. */
type Scenario = (emitter: Emitter, seen: string[]) => void;

const listener = (name: string, seen: string[]) =>
  function (this: unknown) {
    seen.push(`${name} ${String(context.active().getValue(KEY))}`);
  };

// Each scenario adds and removes listeners, then emits from outside the request's context.
// The expected calls are those of the context manager's bind(context, emitter), checked too.
const SCENARIOS: Array<[string, Scenario, string[]]> = [
  ['every add method', (emitter, seen) => {
    emitter.on('e', listener('on', seen));
    emitter.addListener('e', listener('addListener', seen));
    emitter.once('e', listener('once', seen));
    emitter.prependListener('e', listener('prependListener', seen));
    emitter.prependOnceListener('e', listener('prependOnceListener', seen));
    emitter.emit('e');
    emitter.emit('e');
  }, [
    'prependOnceListener request', 'prependListener request', 'on request', 'addListener request', 'once request',
    'prependListener request', 'on request', 'addListener request',
  ]],
  ['removeListener and off with the listener added', (emitter, seen) => {
    const a = listener('a', seen);
    const b = listener('b', seen);
    const c = listener('c', seen);
    emitter.on('e', a).once('e', b).on('e', c);
    emitter.removeListener('e', a).off('e', b);
    emitter.emit('e');
    seen.push(`count ${emitter.listenerCount('e')}`);
  }, ['c request', 'count 1']],
  ['removeAllListeners of one event, then of all', (emitter, seen) => {
    emitter.on('e', listener('e', seen)).on('f', listener('f', seen));
    emitter.removeAllListeners('e');
    emitter.emit('e');
    emitter.emit('f');
    emitter.removeAllListeners();
    emitter.emit('f');
    emitter.on('f', listener('f again', seen));
    emitter.emit('f');
  }, ['f request', 'f again request']],
  ['a listener bound to another context keeps it', (emitter, seen) => {
    emitter.on('e', context.bind(ROOT_CONTEXT.setValue(KEY, 'other'), listener('other', seen)));
    emitter.emit('e');
  }, ['other other']],
];

const EMITTERS: Array<[string, () => Emitter]> = [
  ['IncomingMessage', () => new IncomingMessage(new Socket())],
  ['ServerResponse', () => new ServerResponse(new IncomingMessage(new Socket()))],
];

/** Runs the scenario on a fresh emitter bound to REQUEST_CONTEXT by `bind`, from the root context. */
function run(emitter: Emitter, scenario: Scenario, bind: (emitter: Emitter, active: Context) => void): string[] {
  const seen: string[] = [];
  context.with(REQUEST_CONTEXT, () => bind(emitter, REQUEST_CONTEXT));
  context.with(ROOT_CONTEXT, () => scenario(emitter, seen));
  return seen;
}

const manager = new KitContextManager();
/** The official context manager's bind of an emitter, on the same AsyncLocalStorage as the kit's. */
const officialBind = (emitter: Emitter, active: Context) => AsyncLocalStorageContextManager.prototype.bind.call(manager, active, emitter);

beforeAll(() => context.setGlobalContextManager(manager));
afterAll(() => context.disable());

describe.each(EMITTERS)('bindEmitter on a %s', (_, create) => {
  it.each(SCENARIOS)('%s: as the context manager binds an emitter', (_, scenario, expected) => {
    expect(run(create(), scenario, officialBind)).toEqual(expected);
    expect(run(create(), scenario, bindEmitter)).toEqual(expected);
    expect(run(create(), scenario, (emitter, active) => context.bind(active, emitter))).toEqual(expected);
  });

  it('keeps the first binding of an emitter, as the official bind does', () => {
    const [, scenario, expected] = SCENARIOS[0];
    const twice = (bind: (emitter: Emitter, active: Context) => void) => (emitter: Emitter, active: Context) => {
      bind(emitter, active);
      bind(emitter, ROOT_CONTEXT.setValue(KEY, 'second'));
    };
    expect(run(create(), scenario, twice(officialBind))).toEqual(expected);
    expect(run(create(), scenario, twice((emitter, active) => context.bind(active, emitter)))).toEqual(expected);
  });

  it('leaves an emitter that is not bound alone', () => {
    const [, scenario, expected] = SCENARIOS[0];
    expect(run(create(), scenario, () => undefined)).toEqual(expected.map((call) => call.replace('request', 'undefined')));
  });
});

it('binds other emitters as the official context manager does', () => {
  const emitter = context.bind(REQUEST_CONTEXT, new EventEmitter());
  const seen: string[] = [];
  context.with(ROOT_CONTEXT, () => emitter.on('e', listener('plain', seen)).emit('e'));
  expect(seen).toEqual(['plain request']);
});
