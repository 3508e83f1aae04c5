import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { warn } from '../log';

/** Published by undici (Node's fetch, and the undici package) as each request is created. */
const REQUEST_CREATE = 'undici:request:create';

/** The instrumentation's handler of that message: a method it does not declare public. */
interface RequestCreatedHandler {
  onRequestCreated?(message: unknown): void;
}

/**
 * Stands in for the undici (fetch) instrumentation until the process's first fetch: loading it
 * costs start-up time (~2.5 ms of the bundle) that most processes spend long before they fetch,
 * if ever. Until then, one subscription to undici's request-create channel; on its first
 * message the instrumentation is created (it subscribes to every undici channel itself) and
 * handed that message, which it missed: Node does not call a subscriber added during a publish.
 */
export class LazyUndiciInstrumentation implements Instrumentation {
  readonly instrumentationName = '@opentelemetry/instrumentation-undici';
  instrumentationVersion = '';
  private real?: Instrumentation;
  private tracerProvider?: TracerProvider;
  private meterProvider?: MeterProvider;
  private subscribed = false;

  constructor(
    private config: InstrumentationConfig,
    private readonly create: (config: InstrumentationConfig) => Instrumentation,
  ) {}

  private readonly onFirstRequest = (message: unknown): void => {
    this.stopWaiting();
    try {
      const real = this.create(this.config);
      if (this.tracerProvider) real.setTracerProvider(this.tracerProvider);
      if (this.meterProvider) real.setMeterProvider(this.meterProvider);
      this.real = real;
      this.instrumentationVersion = real.instrumentationVersion;
      (real as RequestCreatedHandler).onRequestCreated?.(message);
    } catch (error) {
      warn(`fetch is not traced: the undici instrumentation could not be started (${(error as Error)?.message ?? error})`);
    }
  };

  enable(): void {
    if (this.real) return this.real.enable();
    if (this.subscribed) return;
    subscribe(REQUEST_CREATE, this.onFirstRequest);
    this.subscribed = true;
  }

  disable(): void {
    this.stopWaiting();
    this.real?.disable();
  }

  setTracerProvider(tracerProvider: TracerProvider): void {
    this.tracerProvider = tracerProvider;
    this.real?.setTracerProvider(tracerProvider);
  }

  setMeterProvider(meterProvider: MeterProvider): void {
    this.meterProvider = meterProvider;
    this.real?.setMeterProvider(meterProvider);
  }

  setConfig(config: InstrumentationConfig): void {
    this.config = config;
    this.real?.setConfig(config);
  }

  getConfig(): InstrumentationConfig {
    return this.real?.getConfig() ?? this.config;
  }

  private stopWaiting(): void {
    if (this.subscribed) unsubscribe(REQUEST_CREATE, this.onFirstRequest);
    this.subscribed = false;
  }
}
