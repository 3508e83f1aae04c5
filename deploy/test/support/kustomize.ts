import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readYaml, readYamlDocuments } from './files';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are free-form
  spec?: any;
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}
interface Generator {
  name: string;
  files?: string[];
  literals?: string[];
}

const RENDER_TIMEOUT_MS = 30_000;

export interface Rendered {
  objects: K8sObject[];
  /** What produced `objects`: the real `kubectl kustomize`, or this file's own reading. */
  renderer: 'kubectl kustomize' | 'resource list';
}

/**
 * The objects a kustomization produces: `kubectl kustomize` when kubectl is installed;
 * otherwise the listed resources and generators read here (no hash suffixes; only the namespace
 * and images transformers), enough for the structural checks.
 */
export function renderKustomization(dir: string): Rendered {
  const kubectl = spawnSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    timeout: RENDER_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  if ((kubectl.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    return { objects: readResourceList(dir), renderer: 'resource list' };
  }
  if (kubectl.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${kubectl.stderr || kubectl.error}`);
  const objects = parseAllDocuments(kubectl.stdout).map((document) => document.toJS() as K8sObject);
  return { objects, renderer: 'kubectl kustomize' };
}

export function readKustomization(dir: string): Kustomization {
  return readYaml<Kustomization>(path.join(dir, 'kustomization.yaml'));
}

/** Every file a kustomization names (resources and generator files), relative to `dir`. */
export function referencedFiles(dir: string): string[] {
  const kustomization = readKustomization(dir);
  const generated = [...(kustomization.configMapGenerator ?? []), ...(kustomization.secretGenerator ?? [])];
  return [...(kustomization.resources ?? []), ...generated.flatMap((g) => (g.files ?? []).map(fileOfEntry))];
}

/** A generator entry is `path` or `key=path`. */
function fileOfEntry(entry: string): string {
  return entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : entry;
}

function readResourceList(dir: string): K8sObject[] {
  const kustomization = readKustomization(dir);
  const resources = (kustomization.resources ?? []).flatMap(
    (file) => readYamlDocuments(path.join(dir, file)) as K8sObject[],
  );
  const generate = (kind: 'ConfigMap' | 'Secret', generator: Generator): K8sObject => {
    const data: Record<string, string> = {};
    for (const entry of generator.files ?? []) {
      const key = entry.includes('=') ? entry.slice(0, entry.indexOf('=')) : path.basename(entry);
      data[key] = fs.readFileSync(path.join(dir, fileOfEntry(entry)), 'utf8');
    }
    for (const literal of generator.literals ?? []) {
      const [key, value] = literal.split(/=(.*)/s, 2);
      data[key] = value;
    }
    return { apiVersion: 'v1', kind, metadata: { name: generator.name }, data };
  };
  const generated = [
    ...(kustomization.configMapGenerator ?? []).map((g) => generate('ConfigMap', g)),
    ...(kustomization.secretGenerator ?? []).map((g) => generate('Secret', g)),
  ];
  for (const container of resources.flatMap((object) => object.spec?.template?.spec?.containers ?? [])) {
    const image = kustomization.images?.find((candidate) => candidate.name === container.image);
    if (image) container.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
  }
  return [...resources, ...generated].map((object) =>
    object.kind === 'Namespace' || !kustomization.namespace
      ? object
      : { ...object, metadata: { ...object.metadata, namespace: kustomization.namespace } },
  );
}
