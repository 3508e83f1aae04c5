import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  Resource,
  ResourceDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import type { KitSettings, ResourceDetectorName } from '../config/settings';
import { AppPackage } from './app-package';

const DETECTORS: Record<Exclude<ResourceDetectorName, 'env'>, () => ResourceDetector> = {
  host: () => hostDetector,
  os: () => osDetector,
  process: () => processDetector,
  serviceinstance: () => serviceInstanceIdDetector,
  // Reads the container id from cgroup files; no network. Loaded only when enabled.
  container: () => require('@opentelemetry/resource-detector-container').containerDetector,
};

/** The service's name: OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES, then the app's package.json. */
export function serviceNameOf(settings: KitSettings, app: AppPackage | undefined): string {
  return settings.serviceName ?? settings.resourceAttributes['service.name'] ?? app?.name ?? 'unknown_service:node';
}

/** SDK defaults, then detected host/process/container attributes, then what the user set. */
export function buildResource(settings: KitSettings, app: AppPackage | undefined, serviceName: string): Resource {
  const detectors = settings.resourceDetectors.flatMap((name) => (name === 'env' ? [] : [DETECTORS[name]()]));
  const fromApp = app?.version ? { 'service.version': app.version } : {};
  return defaultResource()
    .merge(detectResources({ detectors }))
    .merge(resourceFromAttributes({ ...fromApp, ...settings.resourceAttributes, 'service.name': serviceName }));
}
