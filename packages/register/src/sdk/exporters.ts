import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { ExporterName, KitSettings } from '../config/settings';
import { maskedUrl } from '../log';
import { ExportHealth } from './export-health';
import { LazyExporter } from './lazy-exporter';

export interface ConfiguredExporter {
  /** For the start-up line and warnings, e.g. "otlp http/protobuf http://localhost:4318/v1/traces". */
  description: string;
  exporter: SpanExporter;
}

/** One exporter per name in OTEL_TRACES_EXPORTER ("none" gives none: spans are still made and propagated). */
export function buildExporters(settings: KitSettings): ConfiguredExporter[] {
  return settings.exporters.flatMap((name) => {
    if (name === 'none') return [];
    const description = describe(name, settings);
    const exporter = new ExportHealth(description, new LazyExporter(description, () => load(name, settings)));
    return [{ description, exporter }];
  });
}

function describe(name: Exclude<ExporterName, 'none'>, { otlp, jaeger }: KitSettings): string {
  switch (name) {
    case 'otlp':
      return `otlp ${otlp.protocol} ${maskedUrl(otlp.url)}`;
    case 'jaeger':
      return jaeger.endpoint ? `jaeger thrift-http ${maskedUrl(jaeger.endpoint)}` : `jaeger thrift-udp ${jaeger.agentHost}:${jaeger.agentPort}`;
    case 'console':
      return 'console';
  }
}

function load(name: Exclude<ExporterName, 'none'>, { otlp, jaeger }: KitSettings): SpanExporter {
  switch (name) {
    case 'otlp': {
      const common = { url: otlp.url, timeoutMillis: otlp.timeoutMillis, compression: otlp.compression };
      if (otlp.protocol === 'grpc') {
        // gRPC headers travel as metadata, which the exporter builds from the same env vars.
        const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc');
        return new OTLPTraceExporter(common);
      }
      const module = otlp.protocol === 'http/json' ? '@opentelemetry/exporter-trace-otlp-http' : '@opentelemetry/exporter-trace-otlp-proto';
      const { OTLPTraceExporter } = require(module);
      return new OTLPTraceExporter({ ...common, headers: otlp.headers });
    }
    case 'jaeger': {
      // Deprecated upstream and dropped from sdk-node's env handling; Jaeger v2 takes OTLP natively.
      const { JaegerExporter } = require('@opentelemetry/exporter-jaeger');
      return new JaegerExporter(
        jaeger.endpoint
          ? { endpoint: jaeger.endpoint, username: jaeger.username, password: jaeger.password }
          : { host: jaeger.agentHost, port: jaeger.agentPort },
      );
    }
    case 'console': {
      const { ConsoleSpanExporter } = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
      return new ConsoleSpanExporter();
    }
  }
}
