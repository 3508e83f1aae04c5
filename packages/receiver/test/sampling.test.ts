import { AlwaysOnSampler } from '@opentelemetry/sdk-trace';
import { JaegerRemoteSampler } from '@opentelemetry/sampler-jaeger-remote';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FREE_PORTS, type Receiver, startReceiver } from '../src';

/** A strategies file in Jaeger's format. */
const STRATEGIES = {
  service_strategies: [
    { service: 'frontend', type: 'probabilistic', param: 0.25 },
    { service: 'greeter', type: 'ratelimiting', param: 5 },
    {
      service: 'checkout',
      type: 'probabilistic',
      param: 0.5,
      operation_strategies: [{ operation: 'GET /health', type: 'probabilistic', param: 0 }],
    },
  ],
  default_strategy: { type: 'probabilistic', param: 0.1 },
};

describe('remote sampling', () => {
  let receiver: Receiver;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kit-receiver-'));
    const file = join(dir, 'strategies.json');
    writeFileSync(file, JSON.stringify(STRATEGIES));
    receiver = await startReceiver({ ...FREE_PORTS, samplingStrategies: file, log: () => {} });
    url = `http://127.0.0.1:${receiver.ports.sampling}`;
  });
  afterAll(() => {
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (query: string): Promise<[number, unknown]> => {
    const response = await fetch(`${url}/sampling${query}`);
    return [response.status, await response.json()];
  };

  it.each([
    ['frontend', { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.25 } }],
    ['greeter', { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 5 } }],
    ['unknown', { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.1 } }],
    [
      'checkout',
      {
        strategyType: 'PROBABILISTIC',
        probabilisticSampling: { samplingRate: 0.5 },
        operationSampling: {
          defaultSamplingProbability: 0.5,
          defaultLowerBoundTracesPerSecond: 0,
          perOperationStrategies: [{ operation: 'GET /health', probabilisticSampling: { samplingRate: 0 } }],
        },
      },
    ],
  ])('serves the strategy of service %s', async (service, expected) => {
    expect(await get(`?service=${service}`)).toEqual([200, expected]);
  });

  it('asks for the service name, as Jaeger does', async () => {
    expect(await get('')).toEqual([400, { error: expect.stringMatching(/service/) }]);
  });

  it('is what the official JaegerRemoteSampler applies', async () => {
    // The sampler polls on a setInterval it never clears: fake that one, fire it once by hand.
    jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'] });
    try {
      const sampler = new JaegerRemoteSampler({ endpoint: url, serviceName: 'frontend', poolingInterval: 1000, initialSampler: new AlwaysOnSampler() });
      jest.advanceTimersByTime(1000);
      for (let i = 0; i < 100 && !sampler.toString().includes('TraceIdRatioBased{0.25}'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(sampler.toString()).toContain('TraceIdRatioBased{0.25}');
    } finally {
      jest.clearAllTimers();
      jest.useRealTimers();
    }
  });

  it('refuses to start on a strategies file it cannot use', async () => {
    await expect(
      startReceiver({ ...FREE_PORTS, samplingStrategies: { default_strategy: { type: 'sometimes', param: 1 } } }),
    ).rejects.toThrow(/default_strategy has type "sometimes"/);
  });
});
