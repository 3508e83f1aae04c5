import { EnvReader } from './env-reader';
import { INSTRUMENTATION_OPTION_PREFIX } from './variables';

/** The instrumentations the kit brings, in the order they are set up. */
export const INSTRUMENTATION_NAMES = ['http', 'undici', 'express', 'grpc', 'pg', 'pino', 'winston'] as const;
export type InstrumentationName = (typeof INSTRUMENTATION_NAMES)[number];

type OptionType = 'boolean' | 'list';

/**
 * The options of each official instrumentation that users may set from the environment.
 * The variable name is derived from the option: KIT_INSTR_<NAME>_<OPTION_IN_SNAKE_CASE>,
 * e.g. pg's enhancedDatabaseReporting is KIT_INSTR_PG_ENHANCED_DATABASE_REPORTING.
 */
export const INSTRUMENTATION_OPTIONS: Record<InstrumentationName, Record<string, OptionType>> = {
  http: { disableOutgoingRequestInstrumentation: 'boolean' },
  undici: { requireParentforSpans: 'boolean' },
  express: { ignoreLayersType: 'list' },
  grpc: { ignoreGrpcMethods: 'list' },
  pg: { enhancedDatabaseReporting: 'boolean', requireParentSpan: 'boolean', ignoreConnectSpans: 'boolean' },
  pino: { disableLogCorrelation: 'boolean' },
  winston: { disableLogCorrelation: 'boolean' },
};

/** express's ExpressLayerType values. */
const EXPRESS_LAYER_TYPES = ['router', 'middleware', 'request_handler'] as const;

export type InstrumentationOptions = Record<string, boolean | string[]>;

export function optionVariable(name: string, option: string): string {
  const snake = option.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
  return `${optionPrefix(name)}${snake}`;
}

/** KIT_INSTR_<NAME>_, e.g. KIT_INSTR_AWS_SDK_ for aws-sdk. */
export function optionPrefix(name: string): string {
  return `${INSTRUMENTATION_OPTION_PREFIX}${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
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

/**
 * The options of an instrumentation found in the app, whose option types the kit cannot know:
 * every KIT_INSTR_<NAME>_<OPTION> variable, OPTION turned to camel case; true or false is a
 * boolean, anything else a comma list of strings (the only other shape an env value can give
 * safely; numbers and functions are code-first options).
 */
export function readAppInstrumentationOptions(reader: EnvReader, name: string, variables: string[]): InstrumentationOptions {
  const prefix = optionPrefix(name);
  const options: InstrumentationOptions = {};
  for (const variable of variables) {
    const value = variable.startsWith(prefix) ? reader.string(variable) : undefined;
    if (value === undefined) continue;
    const option = variable
      .slice(prefix.length)
      .toLowerCase()
      .replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
    const lower = value.toLowerCase();
    options[option] = lower === 'true' || lower === 'false' ? lower === 'true' : (reader.list(variable) ?? []);
  }
  return options;
}
