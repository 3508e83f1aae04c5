import type { Resource } from '@opentelemetry/resources';
import { createRequire } from 'node:module';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { ExporterName, KitSettings } from '../config/settings';
import { maskedHeaders, maskedUrl } from '../log';
import { ExportHealth } from './export-health';
import { LazyExporter } from './lazy-exporter';

export interface ConfiguredExporter {
  /** For the start-up line and warnings, e.g. "otlp http/protobuf http://localhost:4318/v1/traces"; secrets masked. */
  description: string;
  exporter: SpanExporter;
}

/** One exporter per name in OTEL_TRACES_EXPORTER ("none" gives none: spans are still made and propagated). */
export function buildExporters(settings: KitSettings, resource: Resource): ConfiguredExporter[] {
  return settings.exporters.flatMap((name) => {
    if (name === 'none') return [];
    const description = describe(name, settings);
    const exporter = new ExportHealth(description, new LazyExporter(description, () => load(name, settings, resource)));
    return [{ description, exporter }];
  });
}

function describe(name: Exclude<ExporterName, 'none'>, { otlp, jaeger }: KitSettings): string {
  switch (name) {
    case 'otlp': {
      const headers = Object.keys(otlp.headers).length > 0 ? ` (headers ${maskedHeaders(otlp.headers)})` : '';
      return `otlp ${otlp.protocol} ${maskedUrl(otlp.url)}${headers}`;
    }
    case 'jaeger':
      return jaeger.endpoint ? `jaeger thrift-http ${maskedUrl(jaeger.endpoint)}` : `jaeger thrift-udp ${jaeger.agentHost}:${jaeger.agentPort}`;
    case 'console':
      return 'console';
  }
}

function load(name: Exclude<ExporterName, 'none'>, { otlp, jaeger }: KitSettings, resource: Resource): SpanExporter {
  switch (name) {
    case 'otlp': {
      const common = { url: otlp.url, timeoutMillis: otlp.timeoutMillis, compression: otlp.compression };
      if (otlp.protocol === 'grpc') {
        // gRPC headers travel as metadata; given here, those set in code reach it too.
        const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc');
        return new OTLPTraceExporter({ ...common, metadata: grpcMetadata(otlp.headers) });
      }
      // Named literally: the build bundles both apart (dist/vendor/) and points these requires there.
      const { OTLPTraceExporter } =
        otlp.protocol === 'http/json' ? require('@opentelemetry/exporter-trace-otlp-http') : require('@opentelemetry/exporter-trace-otlp-proto');
      return new OTLPTraceExporter({ ...common, headers: otlp.headers });
    }
    case 'jaeger': {
      // Deprecated upstream and dropped from sdk-node's env handling; Jaeger v2 takes OTLP natively.
      const { JaegerExporter } = require('@opentelemetry/exporter-jaeger');
      const target = jaeger.endpoint
        ? { endpoint: jaeger.endpoint, username: jaeger.username, password: jaeger.password }
        : { host: jaeger.agentHost, port: jaeger.agentPort };
      // Jaeger shows the resource as the process's tags; the exporter only copies it onto each span.
      return new JaegerExporter({ ...target, tags: processTags(resource) });
    }
    case 'console': {
      const { ConsoleSpanExporter } = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
      return new ConsoleSpanExporter();
    }
  }
}

/** The headers as metadata of the exporter's own @grpc/grpc-js (another copy's would not be recognised). */
function grpcMetadata(headers: Record<string, string>): unknown {
  const exporterRequire = createRequire(require.resolve('@opentelemetry/exporter-trace-otlp-grpc'));
  const { createEmptyMetadata } = exporterRequire('@opentelemetry/otlp-grpc-exporter-base');
  const metadata = createEmptyMetadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return metadata;
}

/** Resource attributes as Jaeger tags, which hold only scalars. */
function processTags(resource: Resource): Array<{ key: string; value: string | number | boolean }> {
  return Object.entries(resource.attributes).flatMap(([key, value]) => {
    if (value === undefined || value === null) return [];
    return [{ key, value: typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean) }];
  });
}
