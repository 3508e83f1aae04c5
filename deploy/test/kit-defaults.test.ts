import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSettings } from '../../packages/register/src/config/settings';
import { DEFAULT_PORTS } from '../../packages/receiver/src/receiver';
import { JAEGER_TRACES_PATH } from '../../packages/receiver/src/in/jaeger-thrift';
import { OTLP_TRACES_PATH } from '../../packages/receiver/src/in/otlp-http';
import { COLLECTOR_OVERRIDE_FILE, COMPOSE_FILE, containerEnv, loadCompose, mergeCompose, SAMPLE_SERVICES } from './support/compose';
import { deployPath, readYaml } from './support/files';
import { renderKustomization } from './support/kustomize';

/** The parts of a Jaeger v2 / Collector config these tests read. */
interface CollectorConfig {
  receivers: {
    otlp?: { protocols: { grpc?: { endpoint: string }; http?: { endpoint: string } } };
    jaeger?: { protocols: { thrift_http?: { endpoint: string } } };
  };
  extensions?: { remote_sampling?: { http: { endpoint: string }; file?: { path: string } }; jaeger_query?: { http?: { endpoint: string } } };
  exporters: Record<string, { endpoint?: string }>;
}

/** What a backend listens on, by the port numbers in its own config file. */
interface Listener {
  otlpGrpc?: number;
  otlpHttp?: number;
  jaegerHttp?: number;
  sampling?: number;
  ui?: number;
}
const portOf = (endpoint?: string) => (endpoint ? Number(endpoint.split(':').pop()) : undefined);
function listenerOf(config: CollectorConfig): Listener {
  return {
    otlpGrpc: portOf(config.receivers.otlp?.protocols.grpc?.endpoint),
    otlpHttp: portOf(config.receivers.otlp?.protocols.http?.endpoint),
    jaegerHttp: portOf(config.receivers.jaeger?.protocols.thrift_http?.endpoint),
    sampling: portOf(config.extensions?.remote_sampling?.http.endpoint),
    ui: portOf(config.extensions?.jaeger_query?.http?.endpoint),
  };
}

const composeJaeger = readYaml<CollectorConfig>(deployPath('jaeger', 'config.yaml'));
const composeCollector = readYaml<CollectorConfig>(deployPath('otel-collector', 'config.yaml'));
const k8sJaeger = readYaml<CollectorConfig>(deployPath('k8s', 'jaeger', 'config.yaml'));
const k8sCollector = readYaml<CollectorConfig>(deployPath('k8s', 'otel-collector', 'config.yaml'));

/** The kit's own defaults, from its config module with an empty environment. */
function kitDefaultPorts() {
  const http = readSettings({}).settings;
  const grpc = readSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).settings;
  return {
    otlpHttp: Number(new URL(http.otlp.url).port),
    otlpGrpc: Number(new URL(grpc.otlp.url).port),
    sampling: Number(new URL(http.sampler.remote.endpoint).port),
  };
}

/**
 * Where a sample's spans and sampling requests go with this environment, as the kit itself reads
 * it; fails on any warning (a misspelt or unknown OTEL_* name, a bad value).
 */
function kitTargets(env: Record<string, string>) {
  const { settings, warnings } = readSettings(env);
  expect(warnings).toEqual([]);
  const url = (value: string) => new URL(value);
  return {
    otlp: url(settings.otlp.url),
    jaeger: settings.jaeger.endpoint ? url(settings.jaeger.endpoint) : undefined,
    sampling: settings.sampler.name.endsWith('jaeger_remote') ? url(settings.sampler.remote.endpoint) : undefined,
    exporters: settings.exporters,
  };
}

describe('ports: deploy/ agrees with @kit/register and @kit/receiver', () => {
  test("the receiver's defaults are the kit's defaults", () => {
    expect(kitDefaultPorts()).toEqual({ otlpHttp: DEFAULT_PORTS.otlpHttp, otlpGrpc: DEFAULT_PORTS.otlpGrpc, sampling: DEFAULT_PORTS.sampling });
  });

  test("compose's Jaeger listens where the receiver does, so either can stand in for the other", () => {
    const { otlpGrpc, otlpHttp, jaegerHttp, sampling, ui } = DEFAULT_PORTS;
    expect(listenerOf(composeJaeger)).toEqual({ otlpGrpc, otlpHttp, jaegerHttp, sampling, ui });
  });

  test('Jaeger publishes those ports and the UI to the host', () => {
    const published = (loadCompose(COMPOSE_FILE).services.jaeger.ports ?? []).map((port) => String(port).split(':')[0]);
    const { otlpGrpc, otlpHttp, jaegerHttp, sampling, ui } = DEFAULT_PORTS;
    expect(published.map(Number).sort()).toEqual([otlpGrpc, otlpHttp, jaegerHttp, sampling, ui].sort());
  });

  test("the collectors listen on the kit's default OTLP ports and Jaeger's Thrift port", () => {
    for (const config of [composeCollector, k8sCollector]) {
      expect(listenerOf(config)).toMatchObject({
        otlpGrpc: DEFAULT_PORTS.otlpGrpc,
        otlpHttp: DEFAULT_PORTS.otlpHttp,
        jaegerHttp: DEFAULT_PORTS.jaegerHttp,
      });
    }
  });

  test("the collectors export to the Jaeger service's OTLP gRPC port", () => {
    expect(composeCollector.exporters['otlp/jaeger'].endpoint).toBe(`jaeger:${listenerOf(composeJaeger).otlpGrpc}`);
    expect(k8sCollector.exporters['otlp/jaeger'].endpoint).toBe(`jaeger:${listenerOf(k8sJaeger).otlpGrpc}`);
  });

  test('both Jaeger configs serve the same sampling strategies, for services that exist', () => {
    const strategies = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
    const compose = strategies(deployPath('jaeger', 'sampling-strategies.json'));
    expect(strategies(deployPath('k8s', 'jaeger', 'sampling-strategies.json'))).toEqual(compose);
    const names = SAMPLE_SERVICES.map((sample) => containerEnv(loadCompose(COMPOSE_FILE).services[sample]).OTEL_SERVICE_NAME);
    for (const { service } of compose.service_strategies) expect(names).toContain(service);
    expect(path.basename(composeJaeger.extensions?.remote_sampling?.file?.path ?? '')).toBe('sampling-strategies.json');
  });
});

describe('docker compose: the samples reach Jaeger (or the collector) through the kit', () => {
  const base = loadCompose(COMPOSE_FILE);
  const listeners: Record<string, Listener> = { jaeger: listenerOf(composeJaeger), 'otel-collector': listenerOf(composeCollector) };
  const cases: Array<{ setup: string; file: typeof base; hostEnv: Record<string, string>; spansTo: string }> = [
    { setup: 'direct', file: base, hostEnv: {}, spansTo: 'jaeger' },
    { setup: 'direct, OTEL_TRACES_EXPORTER=jaeger', file: base, hostEnv: { OTEL_TRACES_EXPORTER: 'jaeger' }, spansTo: 'jaeger' },
    { setup: 'through the collector', file: mergeCompose(base, loadCompose(COLLECTOR_OVERRIDE_FILE)), hostEnv: {}, spansTo: 'otel-collector' },
  ];

  test.each(cases.flatMap((c) => SAMPLE_SERVICES.map((sample) => ({ ...c, sample }))))('$sample, $setup', ({ file, hostEnv, sample, spansTo }) => {
    const env = containerEnv(file.services[sample], hostEnv);
    const targets = kitTargets(env);
    expect(env.OTEL_SERVICE_NAME).toBe(sample);
    expect(targets.exporters).toEqual([hostEnv.OTEL_TRACES_EXPORTER ?? 'otlp']);

    expect(targets.otlp.hostname).toBe(spansTo);
    expect(Number(targets.otlp.port)).toBe(listeners[spansTo].otlpHttp);
    expect(targets.otlp.pathname).toBe(OTLP_TRACES_PATH);

    expect(targets.jaeger?.hostname).toBe(spansTo);
    expect(Number(targets.jaeger?.port)).toBe(listeners[spansTo].jaegerHttp);
    expect(targets.jaeger?.pathname).toBe(JAEGER_TRACES_PATH);

    if (targets.sampling) {
      expect(targets.sampling.hostname).toBe('jaeger');
      expect(Number(targets.sampling.port)).toBe(listeners.jaeger.sampling);
    }
  });

  test('the frontend, where traces start, asks Jaeger for its sampling strategy', () => {
    const env = containerEnv(base.services['express-frontend']);
    expect(kitTargets(env).sampling?.toString()).toBe(`http://jaeger:${DEFAULT_PORTS.sampling}/`);
  });
});

describe('kubernetes: the samples reach the collector gateway through the kit', () => {
  const objects = renderKustomization(deployPath('k8s')).objects;
  const servicePorts = (name: string): number[] =>
    objects.find((object) => object.kind === 'Service' && object.metadata.name === name)?.spec.ports.map((port: { port: number }) => port.port) ?? [];

  test.each([...SAMPLE_SERVICES])('%s', (sample) => {
    const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === sample);
    const env: Array<{ name: string; value?: string }> = deployment?.spec.template.spec.containers[0].env ?? [];
    // $(NAME) references are filled in by the kubelet; any value will do for the kit's checks.
    const resolved = Object.fromEntries(
      env.map(({ name, value }) => [name, (value ?? 'from-the-cluster').replace(/\$\(([A-Z0-9_]+)\)/g, 'x')]),
    );
    const targets = kitTargets(resolved);
    expect(resolved.OTEL_SERVICE_NAME).toBe(sample);
    expect(targets.otlp.hostname).toBe('otel-collector');
    expect(servicePorts('otel-collector')).toContain(Number(targets.otlp.port));
    expect(Number(targets.otlp.port)).toBe(listenerOf(k8sCollector).otlpHttp);
    if (targets.sampling) {
      expect(servicePorts(targets.sampling.hostname)).toContain(Number(targets.sampling.port));
      expect(Number(targets.sampling.port)).toBe(listenerOf(k8sJaeger).sampling);
    }
  });
});
