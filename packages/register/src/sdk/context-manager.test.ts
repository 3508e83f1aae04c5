import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { KitContextManager } from './context-manager';

const KEY = createContextKey('test');
const request = ROOT_CONTEXT.setValue(KEY, 'request');
const other = ROOT_CONTEXT.setValue(KEY, 'other');

describe('KitContextManager.bind(context, emitter)', () => {
  const manager = new KitContextManager().enable();
  afterAll(() => manager.disable());
  const seen = () => manager.active().getValue(KEY);

  it.each(['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'] as const)('runs a listener added with %s in the bound context, whoever emits', (method) => {
    const emitter = manager.bind(request, new EventEmitter());
    const values: unknown[] = [];
    manager.with(other, () => emitter[method]('event', () => values.push(seen())));
    manager.with(other, () => emitter.emit('event'));
    expect(values).toEqual(['request']);
  });

  it('removes a listener (on or once) given the function the app added', () => {
    const emitter = manager.bind(request, new EventEmitter());
    const listener = jest.fn();
    emitter.on('a', listener).once('b', listener);
    emitter.removeListener('a', listener).off('b', listener);
    emitter.emit('a');
    emitter.emit('b');
    expect(listener).not.toHaveBeenCalled();
    expect(emitter.listenerCount('a') + emitter.listenerCount('b')).toBe(0);
  });

  it('runs a once listener once, with its arguments', () => {
    const emitter = manager.bind(request, new EventEmitter());
    const listener = jest.fn(() => seen());
    emitter.once('event', listener);
    emitter.emit('event', 1, 2);
    emitter.emit('event', 3);
    expect(listener.mock.calls).toEqual([[1, 2]]);
    expect(listener.mock.results[0].value).toBe('request');
  });

  it('keeps the first context when bound twice, as the official manager does', () => {
    const emitter = manager.bind(other, manager.bind(request, new EventEmitter()));
    let value: unknown;
    emitter.on('event', () => (value = seen()));
    emitter.emit('event');
    expect(value).toBe('request');
  });

  it('keeps stream semantics: data listeners added to a bound stream start the flow and run in its context', async () => {
    const stream = manager.bind(request, new PassThrough());
    const values: unknown[] = [];
    stream.on('data', (chunk: Buffer) => values.push(`${chunk}:${seen()}`));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.end('x');
    await ended;
    expect(values).toEqual(['x:request']);
  });

  it('leaves emitters it did not bind alone', () => {
    const emitter = new EventEmitter();
    manager.bind(request, new EventEmitter());
    let value: unknown;
    emitter.on('event', () => (value = seen()));
    manager.with(other, () => emitter.emit('event'));
    expect(value).toBe('other');
    expect(emitter.on).toBe(EventEmitter.prototype.on);
  });
});
