import { readSettings } from './settings';
import { VARIABLES } from './variables';

describe('readSettings: defaults', () => {
  const { settings, warnings } = readSettings({});

  it('follows the spec defaults', () => {
    expect(warnings).toEqual([]);
    expect(settings.disabled).toBe(false);
    expect(settings.exporters).toEqual(['otlp']);
    expect(settings.otlp).toEqual({
      protocol: 'http/protobuf',
      url: 'http://localhost:4318/v1/traces',
      headers: {},
      timeoutMillis: 10_000,
      compression: 'none',
    });
    expect(settings.sampler.name).toBe('parentbased_always_on');
    expect(settings.propagators).toEqual(['tracecontext', 'baggage']);
    expect(settings.batch).toEqual({ scheduledDelayMillis: 5000, exportTimeoutMillis: 30_000, maxQueueSize: 2048, maxExportBatchSize: 512 });
    expect(settings.spanLimits).toEqual({ attributeValueLengthLimit: Infinity, attributeCountLimit: 128, eventCountLimit: 128, linkCountLimit: 128, attributePerEventCountLimit: 128, attributePerLinkCountLimit: 128 });
    expect(Object.keys(settings.instrumentations)).toEqual(['http', 'undici', 'express', 'grpc', 'pg', 'pino', 'winston']);
    expect(settings.ignorePaths).toEqual(['/health', '/healthz', '/ready', '/metrics']);
    expect(settings.redactQueryKeys).toEqual(expect.arrayContaining(['token', 'access_token', 'password', 'secret', 'api_key', 'key', 'signature', 'code']));
    expect(settings.captureHttpHeaders).toEqual([]);
    expect(settings.resourceDetectors).toEqual(['env', 'host', 'os', 'process', 'container']);
    expect(settings.quiet).toBe(false);
    expect(settings.logLevel).toBe('none');
  });
});

describe('readSettings: each variable', () => {
  // [env, what the settings must then contain]
  const cases: Array<[Record<string, string>, object]> = [
    [{ OTEL_SDK_DISABLED: 'TRUE' }, { disabled: true }],
    [{ OTEL_LOG_LEVEL: 'debug' }, { logLevel: 'debug' }],
    [{ KIT_QUIET: 'true' }, { quiet: true }],
    [{ OTEL_SERVICE_NAME: 'checkout' }, { serviceName: 'checkout' }],
    [{ OTEL_RESOURCE_ATTRIBUTES: 'service.version=1.2.0,team=pay%20ments' }, { resourceAttributes: { 'service.version': '1.2.0', team: 'pay ments' } }],
    [{ OTEL_NODE_RESOURCE_DETECTORS: 'env,host' }, { resourceDetectors: ['env', 'host'] }],
    [{ OTEL_NODE_RESOURCE_DETECTORS: 'none' }, { resourceDetectors: [] }],
    [{ OTEL_TRACES_EXPORTER: 'jaeger,console', OTEL_EXPORTER_JAEGER_AGENT_HOST: 'agent' }, { exporters: ['jaeger', 'console'] }],
    [{ OTEL_TRACES_EXPORTER: 'none' }, { exporters: ['none'] }],
    [{ OTEL_TRACES_EXPORTER: 'none,otlp' }, { exporters: ['otlp'] }],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, { otlp: expect.objectContaining({ protocol: 'grpc', url: 'http://localhost:4317' }) }],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }, { otlp: expect.objectContaining({ protocol: 'http/json', url: 'http://localhost:4318/v1/traces' }) }],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, { otlp: expect.objectContaining({ url: 'http://collector:4318/v1/traces' }) }],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://x:1/custom' }, { otlp: expect.objectContaining({ url: 'https://x:1/custom' }) }],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%3Dcret,a=1', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=2' }, { otlp: expect.objectContaining({ headers: { 'api-key': 's=cret', a: '2' } }) }],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '2000' }, { otlp: expect.objectContaining({ timeoutMillis: 2000 }) }],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '2000', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '300' }, { otlp: expect.objectContaining({ timeoutMillis: 300 }) }],
    [{ OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }, { otlp: expect.objectContaining({ compression: 'gzip' }) }],
    [{ OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip' }, { otlp: expect.objectContaining({ compression: 'gzip' }) }],
    [{ OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://localhost:14268/api/traces', OTEL_EXPORTER_JAEGER_USER: 'u', OTEL_EXPORTER_JAEGER_PASSWORD: 'p' }, { jaeger: expect.objectContaining({ endpoint: 'http://localhost:14268/api/traces', username: 'u', password: 'p' }) }],
    [{ OTEL_EXPORTER_JAEGER_AGENT_HOST: 'agent', OTEL_EXPORTER_JAEGER_AGENT_PORT: '6831' }, { jaeger: expect.objectContaining({ agentHost: 'agent', agentPort: 6831 }) }],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, { sampler: expect.objectContaining({ name: 'always_off' }) }],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, { sampler: expect.objectContaining({ name: 'parentbased_traceidratio', ratio: 0.25 }) }],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, { sampler: expect.objectContaining({ ratio: 0 }) }],
    [
      { OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote', OTEL_TRACES_SAMPLER_ARG: 'endpoint=http://jaeger:5778/,pollingIntervalMs=5000,initialSamplingRate=0.25' },
      { sampler: expect.objectContaining({ name: 'parentbased_jaeger_remote', remote: { endpoint: 'http://jaeger:5778', pollingIntervalMs: 5000, initialSamplingRate: 0.25 } }) },
    ],
    [{ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, { sampler: expect.objectContaining({ remote: { endpoint: 'http://localhost:5778', pollingIntervalMs: 60_000, initialSamplingRate: 0.001 } }) }],
    [{ OTEL_PROPAGATORS: 'tracecontext,baggage,jaeger' }, { propagators: ['tracecontext', 'baggage', 'jaeger'] }],
    [{ OTEL_PROPAGATORS: 'B3,b3multi' }, { propagators: ['b3', 'b3multi'] }],
    [{ OTEL_PROPAGATORS: 'none' }, { propagators: [] }],
    [{ OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BSP_EXPORT_TIMEOUT: '1000', OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10' }, { batch: { scheduledDelayMillis: 200, exportTimeoutMillis: 1000, maxQueueSize: 100, maxExportBatchSize: 10 } }],
    [{ OTEL_BSP_MAX_QUEUE_SIZE: '100' }, { batch: expect.objectContaining({ maxExportBatchSize: 100 }) }],
    // The general attribute limits, then the span's, event's and link's own over them.
    [{ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4096', OTEL_ATTRIBUTE_COUNT_LIMIT: '64' }, { spanLimits: { attributeValueLengthLimit: 4096, attributeCountLimit: 64, eventCountLimit: 128, linkCountLimit: 128, attributePerEventCountLimit: 64, attributePerLinkCountLimit: 64 } }],
    [
      { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4096', OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1024', OTEL_ATTRIBUTE_COUNT_LIMIT: '64', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '32', OTEL_SPAN_EVENT_COUNT_LIMIT: '8', OTEL_SPAN_LINK_COUNT_LIMIT: '4', OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '2', OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: '0' },
      { spanLimits: { attributeValueLengthLimit: 1024, attributeCountLimit: 32, eventCountLimit: 8, linkCountLimit: 4, attributePerEventCountLimit: 2, attributePerLinkCountLimit: 0 } },
    ],
    [{ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express' }, { instrumentations: { http: {}, express: {} } }],
    [{ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg,grpc,undici,pino,winston' }, { instrumentations: { http: {}, express: {} } }],
    [{ KIT_INSTR_PG_ENHANCED_DATABASE_REPORTING: 'true', KIT_INSTR_PG_REQUIRE_PARENT_SPAN: 'false' }, { instrumentations: expect.objectContaining({ pg: { enhancedDatabaseReporting: true, requireParentSpan: false } }) }],
    [{ KIT_INSTR_EXPRESS_IGNORE_LAYERS_TYPE: 'middleware,router' }, { instrumentations: expect.objectContaining({ express: { ignoreLayersType: ['middleware', 'router'] } }) }],
    [{ KIT_INSTR_GRPC_IGNORE_GRPC_METHODS: 'SayHello' }, { instrumentations: expect.objectContaining({ grpc: { ignoreGrpcMethods: ['SayHello'] } }) }],
    [{ KIT_INSTR_HTTP_DISABLE_OUTGOING_REQUEST_INSTRUMENTATION: 'true' }, { instrumentations: expect.objectContaining({ http: { disableOutgoingRequestInstrumentation: true } }) }],
    [{ KIT_INSTR_PG_IGNORE_CONNECT_SPANS: 'true' }, { instrumentations: expect.objectContaining({ pg: { ignoreConnectSpans: true } }) }],
    [{ KIT_INSTR_UNDICI_REQUIRE_PARENTFOR_SPANS: 'true' }, { instrumentations: expect.objectContaining({ undici: { requireParentforSpans: true } }) }],
    [{ KIT_INSTR_PINO_DISABLE_LOG_CORRELATION: 'true', KIT_INSTR_WINSTON_DISABLE_LOG_CORRELATION: 'false' }, { instrumentations: expect.objectContaining({ pino: { disableLogCorrelation: true }, winston: { disableLogCorrelation: false } }) }],
    [{ KIT_IGNORE_PATHS: '/Status,/ping' }, { ignorePaths: ['/status', '/ping'] }],
    // Adds to the defaults (token is one already); `only:` replaces them.
    [{ KIT_REDACT_QUERY_KEYS: 'OTP,token' }, { redactQueryKeys: [...readSettings({}).settings.redactQueryKeys, 'otp'] }],
    [{ KIT_REDACT_QUERY_KEYS: 'only:OTP,token' }, { redactQueryKeys: ['otp', 'token'] }],
    [{ KIT_CAPTURE_HTTP_HEADERS: 'X-Request-Id' }, { captureHttpHeaders: ['x-request-id'] }],
    [{ OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' }, {}],
  ];

  it.each(cases)('%j', (env, expected) => {
    const { settings, warnings } = readSettings(env);
    expect(settings).toMatchObject(expected);
    expect(warnings).toEqual([]);
  });

  it('documents every variable it reads', () => {
    const tested = new Set(cases.flatMap(([env]) => Object.keys(env)));
    const untested = VARIABLES.map((variable) => variable.name).filter((name) => !tested.has(name));
    expect(untested).toEqual([]);
  });
});

describe('readSettings: bad values warn once, naming the variable, the value and what is used', () => {
  // [env, setting path, value used instead, words the warning must hold]
  const cases: Array<[Record<string, string>, (s: ReturnType<typeof readSettings>['settings']) => unknown, unknown, string[]]> = [
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, (s) => s.exporters, ['otlp'], ['OTEL_TRACES_EXPORTER', '"zipkin"', 'using otlp']],
    [{ OTEL_TRACES_EXPORTER: 'jaeger,zipkin' }, (s) => s.exporters, ['jaeger'], ['OTEL_TRACES_EXPORTER', 'zipkin', 'using jaeger']],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, (s) => s.sampler.name, 'parentbased_always_on', ['OTEL_TRACES_SAMPLER', '"sometimes"', 'using parentbased_always_on']],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.7' }, (s) => s.sampler.ratio, 1, ['OTEL_TRACES_SAMPLER_ARG', '"1.7"', 'using 1']],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc' }, (s) => s.sampler.ratio, 1, ['OTEL_TRACES_SAMPLER_ARG', '"abc"', 'using 1']],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '-0.1' }, (s) => s.sampler.ratio, 1, ['OTEL_TRACES_SAMPLER_ARG', '"-0.1"']],
    [{ OTEL_TRACES_SAMPLER: 'jaeger_remote', OTEL_TRACES_SAMPLER_ARG: 'endpoint=ftp://x,pollingIntervalMs=5,initialSamplingRate=2,colour=red' }, (s) => s.sampler.remote, { endpoint: 'http://localhost:5778', pollingIntervalMs: 60_000, initialSamplingRate: 0.001 }, ['OTEL_TRACES_SAMPLER_ARG']],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, (s) => s.otlp.url, 'http://localhost:4318/v1/traces', ['OTEL_EXPORTER_OTLP_ENDPOINT', '"not a url"', 'not an http(s) URL']],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'localhost:4318' }, (s) => s.otlp.url, 'http://localhost:4318/v1/traces', ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/thrift' }, (s) => s.otlp.protocol, 'http/protobuf', ['OTEL_EXPORTER_OTLP_PROTOCOL', 'using http/protobuf']],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '-5' }, (s) => s.otlp.timeoutMillis, 10_000, ['OTEL_EXPORTER_OTLP_TIMEOUT', '"-5"', 'using 10000']],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '1e99' }, (s) => s.otlp.timeoutMillis, 10_000, ['OTEL_EXPORTER_OTLP_TIMEOUT']],
    [{ OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' }, (s) => s.otlp.compression, 'none', ['OTEL_EXPORTER_OTLP_COMPRESSION']],
    [{ OTEL_EXPORTER_JAEGER_AGENT_PORT: '70000' }, (s) => s.jaeger.agentPort, 6832, ['OTEL_EXPORTER_JAEGER_AGENT_PORT', 'in [1, 65535]']],
    [{ OTEL_EXPORTER_JAEGER_ENDPOINT: 'jaeger:14268' }, (s) => s.jaeger.endpoint, undefined, ['OTEL_EXPORTER_JAEGER_ENDPOINT']],
    [{ OTEL_PROPAGATORS: 'xray' }, (s) => s.propagators, ['tracecontext', 'baggage'], ['OTEL_PROPAGATORS', 'xray']],
    [{ OTEL_BSP_SCHEDULE_DELAY: 'soon' }, (s) => s.batch.scheduledDelayMillis, 5000, ['OTEL_BSP_SCHEDULE_DELAY', '"soon"', 'using 5000']],
    [{ OTEL_BSP_MAX_QUEUE_SIZE: '0' }, (s) => s.batch.maxQueueSize, 2048, ['OTEL_BSP_MAX_QUEUE_SIZE']],
    [{ OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '500' }, (s) => s.batch.maxExportBatchSize, 100, ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'larger than OTEL_BSP_MAX_QUEUE_SIZE']],
    [{ OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '0' }, (s) => s.spanLimits.attributeValueLengthLimit, Infinity, ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', '"0"', 'using Infinity']],
    [{ OTEL_ATTRIBUTE_COUNT_LIMIT: 'lots' }, (s) => s.spanLimits.attributeCountLimit, 128, ['OTEL_ATTRIBUTE_COUNT_LIMIT', '"lots"', 'using 128']],
    [{ OTEL_SDK_DISABLED: 'yes' }, (s) => s.disabled, false, ['OTEL_SDK_DISABLED', '"yes"', 'not true or false']],
    [{ OTEL_LOG_LEVEL: 'loud' }, (s) => s.logLevel, 'none', ['OTEL_LOG_LEVEL']],
    [{ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,mongodb' }, (s) => Object.keys(s.instrumentations), ['http'], ['OTEL_NODE_ENABLED_INSTRUMENTATIONS="mongodb"', 'npm install @opentelemetry/instrumentation-mongodb; using http']],
    [{ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,mongo db,redis' }, (s) => Object.keys(s.instrumentations), ['http'], ['"mongo db,redis"', 'npm install @opentelemetry/instrumentation-redis; using http']],
    [{ KIT_INSTR_PG_ENHANCED_DATABASE_REPORTING: 'maybe' }, (s) => s.instrumentations.pg, { enhancedDatabaseReporting: false }, ['KIT_INSTR_PG_ENHANCED_DATABASE_REPORTING']],
    [{ KIT_INSTR_EXPRESS_IGNORE_LAYERS_TYPE: 'middleware,handler' }, (s) => s.instrumentations.express, { ignoreLayersType: ['middleware'] }, ['KIT_INSTR_EXPRESS_IGNORE_LAYERS_TYPE', 'handler']],
    [{ KIT_CAPTURE_HTTP_HEADERS: 'Authorization,x-request-id,cookie' }, (s) => s.captureHttpHeaders, ['x-request-id'], ['KIT_CAPTURE_HTTP_HEADERS', 'authorization,cookie', 'never recorded']],
    [{ OTEL_METRICS_EXPORTER: 'prometheus' }, () => undefined, undefined, ['OTEL_METRICS_EXPORTER', 'traces only']],
    [{ OTEL_TRACES_EXPORTERS: 'jaeger' }, (s) => s.exporters, ['otlp'], ['OTEL_TRACES_EXPORTERS', 'did you mean OTEL_TRACES_EXPORTER?']],
    [{ KIT_IGNORE_PATH: '/x' }, (s) => s.ignorePaths, ['/health', '/healthz', '/ready', '/metrics'], ['KIT_IGNORE_PATH', 'did you mean KIT_IGNORE_PATHS?']],
    [{ KIT_INSTR_PG_ENHANCED_DB_REPORTING: 'true' }, (s) => s.instrumentations.pg, {}, ['KIT_INSTR_PG_ENHANCED_DB_REPORTING', 'not a variable']],
    [{ OTEL_NODE_ENABLED_INSTRUMENTATION: 'http' }, (s) => Object.keys(s.instrumentations).length, 7, ['OTEL_NODE_ENABLED_INSTRUMENTATION is not', 'did you mean OTEL_NODE_ENABLED_INSTRUMENTATIONS?']],
    [{ OTEL_NODE_DISABLED_INSTRUMENTATION: 'pg' }, (s) => 'pg' in s.instrumentations, true, ['did you mean OTEL_NODE_DISABLED_INSTRUMENTATIONS?']],
    [{ OTEL_EXPORTER_OTLP_CERTIFICATES: '/ca.pem' }, (s) => s.exporters, ['otlp'], ['OTEL_EXPORTER_OTLP_CERTIFICATES is not', 'did you mean OTEL_EXPORTER_OTLP_CERTIFICATE?']],
    [{ OTEL_NODE_RESOURCE_DETECTOR: 'env' }, (s) => s.resourceDetectors.length, 5, ['did you mean OTEL_NODE_RESOURCE_DETECTORS?']],
    [{ OTEL_TRACES_SAMPLER_ARG: '0.1' }, (s) => s.sampler, expect.objectContaining({ name: 'parentbased_always_on', ratio: 1 }), ['OTEL_TRACES_SAMPLER_ARG="0.1" is set without OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER=parentbased_traceidratio', 'using parentbased_always_on']],
    [{ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: '0.1' }, (s) => s.sampler.name, 'always_on', ['OTEL_TRACES_SAMPLER_ARG="0.1" is not read by the sampler always_on']],
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, (s) => s.jaeger, expect.objectContaining({ endpoint: undefined, agentHost: 'localhost', agentPort: 6832 }), ['OTEL_EXPORTER_JAEGER_ENDPOINT is unset', 'UDP to localhost:6832', 'kit-receiver listens', 'Jaeger v2', 'OTEL_TRACES_EXPORTER=otlp']],
  ];

  it.each(cases)('%j', (env, pick, used, words) => {
    const { settings, warnings } = readSettings(env);
    expect(pick(settings)).toEqual(used);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    const joined = warnings.join('\n');
    for (const word of words) expect(joined).toContain(word);
  });

  it('never prints header values, even malformed ones', () => {
    const { settings, warnings } = readSettings({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=sup3rsecret,brokenSECRETpair,x=%E0%A4%A' });
    expect(settings.otlp.headers).toEqual({ 'api-key': 'sup3rsecret' });
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).not.toMatch(/sup3rsecret|SECRET|%E0/);
  });

  it("warns of an OTLP endpoint on the other protocol's port, naming the variable used and both fixes", () => {
    expect(readSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4317' }).warnings).toEqual([
      "OTEL_EXPORTER_OTLP_ENDPOINT is on port 4317, OTLP's gRPC port, but the protocol is http/protobuf: exports fail unless the collector takes http/protobuf there; use port 4318, or set OTEL_EXPORTER_OTLP_PROTOCOL=grpc",
    ]);
    expect(readSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318' }).warnings).toEqual([
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is on port 4318, OTLP's HTTP port, but the protocol is grpc: exports fail unless the collector takes grpc there; use port 4317, or set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
    ]);
    // The right ports, the defaults, other ports, and an exporter other than OTLP: nothing.
    for (const env of [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4317' }, {}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example.com' }, { OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4317' }]) {
      expect(readSettings(env).warnings).toEqual([]);
    }
  });

  it('says nothing of jaeger over UDP when the agent is configured', () => {
    expect(readSettings({ OTEL_TRACES_EXPORTER: 'jaeger', OTEL_EXPORTER_JAEGER_AGENT_PORT: '6831' }).warnings).toEqual([]);
    expect(readSettings({ OTEL_TRACES_EXPORTER: 'jaeger', OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://jaeger:14268/api/traces' }).warnings).toEqual([]);
  });

  it('treats empty values as unset, as the spec says', () => {
    const env = Object.fromEntries(VARIABLES.map((variable) => [variable.name, ' ']));
    const { settings, warnings } = readSettings(env);
    expect(warnings).toEqual([]);
    expect(settings).toEqual(readSettings({}).settings);
  });

  it('ignores other signals\' standard variables, and those the exporters read, silently', () => {
    expect(readSettings({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://x', OTEL_METRIC_EXPORT_INTERVAL: '1000' }).warnings).toEqual([]);
    expect(readSettings({ OTEL_EXPORTER_OTLP_CERTIFICATE: '/ca.pem', OTEL_EXPORTER_OTLP_TRACES_INSECURE: 'true' }).warnings).toEqual([]);
    expect(readSettings({ OTEL_NODE_EXCLUDED_URLS: '/x', OTEL_NODE_INSTRUMENTATION_CONFIG_FILE: '/c.json' }).warnings).toEqual([]);
  });
});

describe('readSettings: instrumentations the app installed itself', () => {
  const app = ['ioredis', 'aws-sdk'];

  it('enables them by default, after the built-in ones', () => {
    const { settings, warnings } = readSettings({}, app);
    expect(Object.keys(settings.instrumentations)).toEqual(['http', 'undici', 'express', 'grpc', 'pg', 'pino', 'winston', 'ioredis', 'aws-sdk']);
    expect(warnings).toEqual([]);
  });

  it('applies the enabled and disabled lists to them', () => {
    expect(Object.keys(readSettings({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,ioredis' }, app).settings.instrumentations)).toEqual(['http', 'ioredis']);
    expect(Object.keys(readSettings({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'ioredis' }, app).settings.instrumentations)).not.toContain('ioredis');
  });

  it('reads their KIT_INSTR_<NAME>_<OPTION> variables: true/false as booleans, anything else as a list', () => {
    const { settings, warnings } = readSettings(
      { KIT_INSTR_IOREDIS_REQUIRE_PARENT_SPAN: 'TRUE', KIT_INSTR_AWS_SDK_SUPPRESS_INTERNAL_INSTRUMENTATION: 'false', KIT_INSTR_IOREDIS_IGNORED_COMMANDS: 'ping, info' },
      app,
    );
    expect(settings.instrumentations.ioredis).toEqual({ requireParentSpan: true, ignoredCommands: ['ping', 'info'] });
    expect(settings.instrumentations['aws-sdk']).toEqual({ suppressInternalInstrumentation: false });
    expect(warnings).toEqual([]);
  });

  it('still calls an option variable of an instrumentation the app does not have unknown', () => {
    expect(readSettings({ KIT_INSTR_IOREDIS_REQUIRE_PARENT_SPAN: 'true' }).warnings).toEqual([expect.stringContaining('KIT_INSTR_IOREDIS_REQUIRE_PARENT_SPAN is not a variable')]);
  });
});
