/**
 * The kit's own output: one start-up line and one-line warnings, on stderr.
 * Written straight to the stream so that an app that patches console is not disturbed.
 */
const PREFIX = '[@kit/register]';

export function info(message: string): void {
  write(`${PREFIX} ${message}`);
}

export function warn(message: string): void {
  write(`${PREFIX} warning: ${message}`);
}

function write(line: string): void {
  try {
    process.stderr.write(`${line}\n`);
  } catch {
    // stderr closed: nothing sensible to do, and the app must not notice.
  }
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
