import { readCodeSettings } from './code-options';
import { readSettings } from './settings';

// Each option means what its variable means: the same settings, the same validation.
describe('readCodeSettings', () => {
  it('reads otlp.endpoint as the base URL and otlp.tracesEndpoint as the full one, like the variables', () => {
    expect(readCodeSettings({ otlp: { endpoint: 'http://collector:4318/' } }, {}).settings.otlp.url).toBe('http://collector:4318/v1/traces');
    expect(readCodeSettings({ otlp: { tracesEndpoint: 'http://collector:4318/custom' } }, {}).settings.otlp.url).toBe('http://collector:4318/custom');
    expect(readCodeSettings({ otlp: { endpoint: 'http://collector:4317', protocol: 'grpc' } }, {}).settings.otlp).toMatchObject({ url: 'http://collector:4317', protocol: 'grpc' });
  });

  it('lets an endpoint given in code win over both endpoint variables', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env:4318/v1/traces', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' };
    expect(readCodeSettings({ otlp: { endpoint: 'http://code:4318', protocol: 'http/protobuf' } }, env).settings.otlp).toMatchObject({ url: 'http://code:4318/v1/traces', protocol: 'http/protobuf' });
  });

  it('warns about a bad value by the option\'s name and uses what the variable would', () => {
    const { settings, warnings } = readCodeSettings({ sampler: { name: 'traceidratio', ratio: 7 } }, {});
    expect(settings.sampler).toMatchObject({ name: 'traceidratio', ratio: 1 });
    expect(warnings).toEqual(['startTracing option sampler.ratio="7" is not a ratio in [0, 1]; using 1']);
    expect(readCodeSettings({ otlp: { endpoint: 'collector:4318' } }, {}).warnings).toEqual([
      'startTracing option otlp.endpoint="collector:4318" is not an http(s) URL; using the default',
    ]);
    expect(readCodeSettings({ spanLimits: { attributeCountLimit: -1 } }, {}).warnings).toEqual(['startTracing option spanLimits.attributeCountLimit="-1" is not an integer >= 0; using 128']);
    expect(readCodeSettings({ exporters: ['zipkin' as 'otlp'] }, {}).warnings).toEqual([expect.stringContaining('startTracing option exporters="zipkin" is not one of')]);
  });

  it('names the option that replaced otlp.url, and any other unknown one', () => {
    const { settings, warnings } = readCodeSettings({ otlp: { url: 'http://x:4318/v1/traces' } } as never, {});
    expect(settings.otlp.url).toBe('http://localhost:4318/v1/traces');
    expect(warnings).toEqual([expect.stringMatching(/^startTracing option otlp\.url is not one @kit\/register knows; did you mean otlp\.tracesEndpoint .* or otlp\.endpoint/)]);
  });

  it('runs only the instrumentations given, each with its options over the environment\'s', () => {
    const env = { KIT_INSTR_PG_REQUIRE_PARENT_SPAN: 'true', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' };
    const hook = () => undefined;
    const { settings, warnings } = readCodeSettings({ instrumentations: { http: {}, pg: { enhancedDatabaseReporting: true, requestHook: hook } } }, env);
    expect(settings.instrumentations).toEqual({ http: {}, pg: { requireParentSpan: true, enhancedDatabaseReporting: true, requestHook: hook } });
    expect(warnings).toEqual([]);
    expect(readCodeSettings({ instrumentations: {} }, {}).settings.instrumentations).toEqual({});
    const off = readCodeSettings({ instrumentations: { http: {}, pg: false } } as never, {});
    expect(off.settings.instrumentations).toEqual({ http: {} });
    expect(off.warnings).toEqual(['startTracing option instrumentations.pg is not an options object ({} for its defaults); leaving pg out']);
    expect(Object.keys(readCodeSettings({}, {}).settings.instrumentations)).toEqual(Object.keys(readSettings({}).settings.instrumentations));
  });

  it('warns about an instrumentation that is neither built in nor the app\'s', () => {
    const { settings, warnings } = readCodeSettings({ instrumentations: { http: {}, mongodb: {} } }, {});
    expect(Object.keys(settings.instrumentations)).toEqual(['http']);
    expect(warnings).toEqual([expect.stringContaining('startTracing option instrumentations="mongodb" is neither built in nor in the app\'s package.json')]);
  });

  it('merges headers and resource attributes over the variables, key by key', () => {
    const env = { OTEL_EXPORTER_OTLP_HEADERS: 'a=env,b=env', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'c=env', OTEL_RESOURCE_ATTRIBUTES: 'team=env,tier=web' };
    const { settings } = readCodeSettings({ otlp: { headers: { b: 'code, with = signs', c: 'code' } }, resourceAttributes: { team: 'code' } }, env);
    expect(settings.otlp.headers).toEqual({ a: 'env', b: 'code, with = signs', c: 'code' });
    expect(settings.resourceAttributes).toEqual({ team: 'code', tier: 'web' });
    // A bad entry of the variable is the variable's, not the option's.
    expect(readCodeSettings({ resourceAttributes: { team: 'code' } }, { OTEL_RESOURCE_ATTRIBUTES: 'novalue' }).warnings).toEqual([
      'OTEL_RESOURCE_ATTRIBUTES (with startTracing option resourceAttributes) has an entry that is not key=value (or is badly percent-encoded); skipping it',
    ]);
  });

  it('reads empty lists as none', () => {
    const { settings } = readCodeSettings({ exporters: [], propagators: [], resourceDetectors: [], ignorePaths: [], captureHttpHeaders: [] }, { KIT_IGNORE_PATHS: '/x' });
    expect(settings).toMatchObject({ exporters: ['none'], propagators: [], resourceDetectors: [], ignorePaths: [], captureHttpHeaders: [] });
  });

  it('reads the other groups and lists as their variables', () => {
    const { settings, warnings } = readCodeSettings(
      {
        sampler: { name: 'parentbased_jaeger_remote', remote: { endpoint: 'http://jaeger:5778', pollingIntervalMs: 5000 } },
        batch: { scheduledDelayMillis: 100 },
        spanLimits: { attributeValueLengthLimit: 1024, attributePerEventCountLimit: 8 },
        jaeger: { agentHost: 'agent', agentPort: 6831 },
        redactQueryKeys: ['otp'],
        serviceName: 'code',
        quiet: true,
      },
      { OTEL_SERVICE_NAME: 'env' },
    );
    expect(settings.sampler.remote).toEqual({ endpoint: 'http://jaeger:5778', pollingIntervalMs: 5000, initialSamplingRate: 0.001 });
    expect(settings.spanLimits).toEqual({ ...readSettings({}).settings.spanLimits, attributeValueLengthLimit: 1024, attributePerEventCountLimit: 8 });
    expect(settings).toMatchObject({ batch: { scheduledDelayMillis: 100 }, jaeger: { agentHost: 'agent', agentPort: 6831 }, serviceName: 'code', quiet: true });
    expect(settings.redactQueryKeys).toEqual([...readSettings({}).settings.redactQueryKeys, 'otp']);
    expect(warnings).toEqual([]);
  });
});
