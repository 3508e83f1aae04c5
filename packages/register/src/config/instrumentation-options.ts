import { EnvReader } from './env-reader';
import { INSTRUMENTATION_OPTION_PREFIX } from './variables';

/** The instrumentations the kit knows, in the order they are set up. */
export const INSTRUMENTATION_NAMES = ['http', 'express', 'grpc', 'pg'] as const;
export type InstrumentationName = (typeof INSTRUMENTATION_NAMES)[number];

type OptionType = 'boolean' | 'list';

/**
 * The options of each official instrumentation that users may set from the environment.
 * The variable name is derived from the option: KIT_INSTR_<NAME>_<OPTION_IN_SNAKE_CASE>,
 * e.g. pg's enhancedDatabaseReporting is KIT_INSTR_PG_ENHANCED_DATABASE_REPORTING.
 */
export const INSTRUMENTATION_OPTIONS: Record<InstrumentationName, Record<string, OptionType>> = {
  http: { disableOutgoingRequestInstrumentation: 'boolean' },
  express: { ignoreLayersType: 'list' },
  grpc: { ignoreGrpcMethods: 'list' },
  pg: { enhancedDatabaseReporting: 'boolean', requireParentSpan: 'boolean', ignoreConnectSpans: 'boolean' },
};

/** express's ExpressLayerType values. */
const EXPRESS_LAYER_TYPES = ['router', 'middleware', 'request_handler'] as const;

export type InstrumentationOptions = Record<string, boolean | string[]>;

export function optionVariable(name: InstrumentationName, option: string): string {
  const snake = option.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
  return `${INSTRUMENTATION_OPTION_PREFIX}${name.toUpperCase()}_${snake}`;
}

export function allOptionVariables(): string[] {
  return INSTRUMENTATION_NAMES.flatMap((name) =>
    Object.keys(INSTRUMENTATION_OPTIONS[name]).map((option) => optionVariable(name, option)),
  );
}

/** The options set in the environment for one instrumentation; unset ones are left out. */
export function readInstrumentationOptions(reader: EnvReader, name: InstrumentationName): InstrumentationOptions {
  const options: InstrumentationOptions = {};
  for (const [option, type] of Object.entries(INSTRUMENTATION_OPTIONS[name])) {
    const variable = optionVariable(name, option);
    if (reader.string(variable) === undefined) continue;
    if (type === 'boolean') {
      options[option] = reader.boolean(variable, false);
    } else if (name === 'express' && option === 'ignoreLayersType') {
      options[option] = reader.choices(variable, EXPRESS_LAYER_TYPES, []);
    } else {
      options[option] = reader.list(variable) ?? [];
    }
  }
  return options;
}
