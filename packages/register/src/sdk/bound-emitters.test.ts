import { context, createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createServer, get, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { bindEmitter } from './bound-emitters';
import { KitContextManager } from './context-manager';

const KEY = createContextKey('request');
const REQUEST_CONTEXT = ROOT_CONTEXT.setValue(KEY, 'request');

type Emitter = IncomingMessage | ServerResponse;
type Listener = (...args: unknown[]) => unknown;
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
  ['the same listener added twice and removed once, listed, counted', (emitter, seen) => {
    const a = listener('a', seen);
    emitter.on('e', a).once('e', a).on('f', a);
    emitter.off('e', a);
    seen.push(`listed ${emitter.listeners('e').length}, counted ${emitter.listenerCount('e')}`);
    emitter.emit('e');
    emitter.emit('e');
    emitter.emit('f');
  }, ['listed 1, counted 1', 'a request', 'a request', 'a request']],
  ['a once listener that emits its own event again', (emitter, seen) => {
    const again = listener('again', seen);
    emitter.once('e', function (this: Emitter) {
      seen.push(`once ${String(context.active().getValue(KEY))}`);
      this.emit('e');
    });
    emitter.on('e', again);
    emitter.emit('e');
  }, ['once request', 'again request', 'again request']],
  ['a once listener after one that emits the event again: it runs once', (emitter, seen) => {
    let again = true;
    emitter.on('e', function (this: Emitter) {
      if (again) {
        again = false;
        this.emit('e');
      }
    });
    emitter.once('e', listener('once', seen));
    emitter.emit('e');
    emitter.emit('e');
  }, ['once request']],
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

// Node adds its own clearIncoming to the 'end' of a request whose body was not read when the
// response finished: the kit leaves that one unbound (it runs no app code), and binds the app's.
it("leaves Node's own clearIncoming unbound, and still binds the app's 'end' listeners, whatever their name", async () => {
  const seen: string[] = [];
  // The app's own listener of the same name, added from the request handler.
  function clearIncoming() {
    seen.push(`app's clearIncoming ${String(context.active().getValue(KEY))}`);
  }
  const server = createServer((request, response) => {
    context.with(REQUEST_CONTEXT, () => {
      bindEmitter(request, REQUEST_CONTEXT);
      bindEmitter(response, REQUEST_CONTEXT);
    });
    request.on('end', clearIncoming);
    request.on('end', onEnd);
    context.with(ROOT_CONTEXT, () => response.end('ok'));
    function onEnd(this: IncomingMessage) {
      seen.push(`app's onEnd ${String(context.active().getValue(KEY))}`);
      const kinds = this.rawListeners('end').map((added) => (added === clearIncoming || added === onEnd ? 'unwrapped app' : (added as Listener).name === 'clearIncoming' ? 'node' : 'wrapped'));
      seen.push(`listeners ${kinds.join(',')}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    for (let i = 0; i < 2; i++) {
      await new Promise<void>((resolve, reject) => {
        get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, agent: false }, (answer) => answer.resume().on('end', resolve)).on('error', reject);
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  // Twice: once found by its caller, then by identity. The app's two are wrappers; Node's is itself.
  const once = [`app's clearIncoming request`, `app's onEnd request`, 'listeners wrapped,wrapped,node'];
  expect(seen).toEqual([...once, ...once]);
});
