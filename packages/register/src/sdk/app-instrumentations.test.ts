import { appInstrumentationNames } from './app-instrumentations';

describe('appInstrumentationNames', () => {
  it('takes the official instrumentations among the dependencies, by the name after instrumentation-', () => {
    const app = { dependencies: ['ioredis', '@opentelemetry/instrumentation-ioredis', '@opentelemetry/instrumentation-aws-sdk', '@opentelemetry/api'] };
    expect(appInstrumentationNames(app)).toEqual(['ioredis', 'aws-sdk']);
  });

  it('leaves out those the kit brings itself, its own copy being used', () => {
    expect(appInstrumentationNames({ dependencies: ['@opentelemetry/instrumentation-pg', '@opentelemetry/instrumentation-mysql2'] })).toEqual(['mysql2']);
  });

  it('leaves out the base package, third-party ones, and an app without a package.json', () => {
    expect(appInstrumentationNames({ dependencies: ['@opentelemetry/instrumentation', '@opentelemetry/instrumentation-', 'opentelemetry-instrumentation-foo', '@fastify/otel'] })).toEqual([]);
    expect(appInstrumentationNames(undefined)).toEqual([]);
  });
});
