import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployPath, variablesReadBySamples } from './support/files';
import { K8sObject, readKustomization, referencedFiles, renderKustomization } from './support/kustomize';

const K8S_DIR = deployPath('k8s');
const rendered = renderKustomization(K8S_DIR);
const objects = rendered.objects;
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'];
const workloads = objects.filter((object) => WORKLOAD_KINDS.includes(object.kind));
const services = objects.filter((object) => object.kind === 'Service');

interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } } }>;
}
const containersOf = (workload: K8sObject): Container[] => workload.spec.template.spec.containers;
const isSubset = (subset: Record<string, string>, of: Record<string, string> = {}) =>
  Object.entries(subset).every(([key, value]) => of[key] === value);

describe(`deploy/k8s (rendered by ${rendered.renderer})`, () => {
  test('every file the kustomization names exists', () => {
    for (const file of referencedFiles(K8S_DIR)) expect({ file, exists: fs.existsSync(path.join(K8S_DIR, file)) }).toEqual({ file, exists: true });
  });

  test('renders the whole topology', () => {
    const names = objects.map((object) => `${object.kind}/${object.metadata.name.replace(/-[a-z0-9]{10}$/, '')}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Namespace/otel-kit',
        'StatefulSet/postgres',
        'Deployment/jaeger',
        'Deployment/otel-collector',
        'Deployment/grpc-greeter',
        'Deployment/express-frontend',
        'Service/jaeger',
        'Service/otel-collector',
        'Service/grpc-greeter',
        'Service/express-frontend',
        'Service/postgres',
        'ConfigMap/jaeger-config',
        'ConfigMap/otel-collector-config',
        'Secret/postgres-credentials',
      ]),
    );
  });

  test('every object is well-formed and namespaced', () => {
    const namespace = readKustomization(K8S_DIR).namespace;
    for (const object of objects) {
      expect(object).toMatchObject({ apiVersion: expect.any(String), kind: expect.any(String), metadata: { name: expect.any(String) } });
      if (object.kind !== 'Namespace') expect({ object: object.metadata.name, namespace: object.metadata.namespace }).toEqual({ object: object.metadata.name, namespace });
    }
  });

  test("every workload's selector matches its pod template's labels", () => {
    for (const workload of workloads) {
      const { matchLabels } = workload.spec.selector;
      expect(Object.keys(matchLabels).length).toBeGreaterThan(0);
      expect({ workload: workload.metadata.name, matches: isSubset(matchLabels, workload.spec.template.metadata.labels) }).toEqual({
        workload: workload.metadata.name,
        matches: true,
      });
    }
  });

  test('every Service selects one workload, and each targetPort is a port of its containers', () => {
    for (const service of services) {
      const selected = workloads.filter((workload) => isSubset(service.spec.selector, workload.spec.template.metadata.labels));
      expect({ service: service.metadata.name, selects: selected.length }).toEqual({ service: service.metadata.name, selects: 1 });
      const ports = containersOf(selected[0]).flatMap((container) => container.ports ?? []);
      for (const { targetPort } of service.spec.ports) {
        const found = ports.some((port) => port.name === targetPort || port.containerPort === targetPort);
        expect({ service: service.metadata.name, targetPort, found }).toEqual({ service: service.metadata.name, targetPort, found: true });
      }
    }
  });

  test('every ConfigMap and Secret a pod uses is rendered, with the keys it reads', () => {
    const find = (kind: string, name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name);
    for (const workload of workloads) {
      for (const volume of workload.spec.template.spec.volumes ?? []) {
        if (volume.configMap) expect(find('ConfigMap', volume.configMap.name)).toBeDefined();
      }
      for (const env of containersOf(workload).flatMap((container) => container.env ?? [])) {
        const ref = env.valueFrom?.secretKeyRef;
        if (!ref) continue;
        const secret = find('Secret', ref.name);
        expect({ env: env.name, key: Object.keys({ ...secret?.data, ...secret?.stringData }).includes(ref.key) }).toEqual({ env: env.name, key: true });
      }
    }
  });

  test('every container image is pinned to a version', () => {
    for (const container of workloads.flatMap(containersOf)) {
      expect(container.image).toMatch(/:\d+\.\d+(\.\d+)?(-[a-z0-9.-]+)?$/);
    }
  });

  test("the samples' variables are tracing ones, ones the samples read, or inputs to another value", () => {
    const read = variablesReadBySamples();
    const samples = workloads.filter((workload) => ['grpc-greeter', 'express-frontend'].includes(workload.metadata.name));
    expect(samples).toHaveLength(2);
    for (const container of samples.flatMap(containersOf)) {
      const env = container.env ?? [];
      const referenced = new Set(env.flatMap((entry) => [...(entry.value ?? '').matchAll(/\$\(([A-Z0-9_]+)\)/g)].map((m) => m[1])));
      for (const { name } of env) {
        const known = /^(OTEL|KIT)_/.test(name) || read.has(name) || referenced.has(name);
        expect({ container: container.name, name, known }).toEqual({ container: container.name, name, known: true });
      }
    }
  });

  test('the Jaeger and collector configs mounted are the ones in deploy/k8s', () => {
    const jaegerConfig = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('jaeger-config'));
    expect(jaegerConfig?.data?.['config.yaml']).toBe(fs.readFileSync(path.join(K8S_DIR, 'jaeger', 'config.yaml'), 'utf8'));
    expect(jaegerConfig?.data?.['sampling-strategies.json']).toBe(fs.readFileSync(path.join(K8S_DIR, 'jaeger', 'sampling-strategies.json'), 'utf8'));
  });
});
