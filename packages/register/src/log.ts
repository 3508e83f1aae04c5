import type { DiagLogger } from '@opentelemetry/api';
import { format } from 'node:util';

/**
 * The kit's own output: one start-up line and one-line warnings, on stderr.
 * Written straight to the stream so that an app that patches console is not disturbed.
 */
const PREFIX = '[@kit/register]';
/** Longer lines are cut: values come from the environment and from collectors' answers. */
const MAX_LINE_LENGTH = 1000;

export function info(message: string): void {
  write(`${PREFIX} ${message}`);
}

export function warn(message: string): void {
  write(`${PREFIX} warning: ${message}`);
}

/**
 * The SDK's diagnostics (OTEL_LOG_LEVEL), one line each on stderr like the kit's own:
 * the API's DiagConsoleLogger prints info and debug with console.log, on the app's stdout.
 */
export const stderrDiagLogger: DiagLogger = {
  error: (message, ...args) => diagLine('error', message, args),
  warn: (message, ...args) => diagLine('warn', message, args),
  info: (message, ...args) => diagLine('info', message, args),
  debug: (message, ...args) => diagLine('debug', message, args),
  verbose: (message, ...args) => diagLine('verbose', message, args),
};

function diagLine(level: string, message: string, args: unknown[]): void {
  let text: string;
  try {
    text = format(message, ...args);
  } catch {
    text = String(message);
  }
  write(`${PREFIX} otel ${level}: ${text}`);
}

function write(line: string): void {
  const stderr = process.stderr;
  try {
    stderr.write(`${oneLine(line)}\n`, (error) => {
      // A closed stderr (EPIPE) emits an error event next: as console does, give it a listener,
      // so that our line never becomes the app's uncaught exception.
      if (error && stderr.listenerCount('error') === 0) stderr.once('error', () => undefined);
    });
  } catch {
    // stderr unusable: nothing sensible to do, and the app must not notice.
  }
}

/** Control characters escaped, so that no value can forge a line of its own (or a terminal escape). */
export function oneLine(text: string): string {
  const escaped = text.replace(/[\x00-\x1f\x7f]/g, (char) => JSON.stringify(char).slice(1, -1));
  return escaped.length > MAX_LINE_LENGTH ? `${escaped.slice(0, MAX_LINE_LENGTH - 1)}…` : escaped;
}

/** `key=value` pairs with every value masked: header values are credentials more often than not. */
export function maskedHeaders(headers: Record<string, string>): string {
  return Object.keys(headers)
    .map((key) => `${key}=****`)
    .join(',');
}

/** A URL with any user:password part masked. */
export function maskedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '****';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
