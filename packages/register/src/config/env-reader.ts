/**
 * Reads typed values out of an environment, never throwing: a bad value is replaced by the
 * fallback and one warning names the variable, the bad value and what is used instead.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  readonly warnings: string[] = [];

  /** `labels`: how warnings name a variable that stands for something else (a startTracing option). */
  constructor(
    private readonly env: Env,
    private readonly labels: Readonly<Record<string, string>> = {},
  ) {}

  /** The trimmed value, or undefined when unset or blank (the spec treats empty as unset). */
  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  warn(name: string, value: string, problem: string, used: string): void {
    this.warnings.push(`${this.labels[name] ?? name}=${JSON.stringify(truncate(value))} ${problem}; using ${used}`);
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = raw.toLowerCase();
    if (value === 'true') return true;
    if (value === 'false') return false;
    this.warn(name, raw, 'is not true or false', String(fallback));
    return fallback;
  }

  /** An integer within [min, max]. */
  integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
      this.warn(name, raw, `is not an integer ${range}`, String(fallback));
      return fallback;
    }
    return value;
  }

  /** A de-duplicated comma list; undefined when unset. */
  list(name: string): string[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
    return [...new Set(items)];
  }

  /** A comma list whose items must be among `allowed`; unknown items are dropped with a warning. */
  choices<T extends string>(name: string, allowed: readonly T[], fallback: T[]): T[] {
    const items = this.list(name)?.map((item) => item.toLowerCase());
    if (items === undefined) return fallback;
    const known = items.filter((item): item is T => (allowed as readonly string[]).includes(item));
    const unknown = items.filter((item) => !known.includes(item as T));
    const result = known.length > 0 ? known : fallback;
    if (unknown.length > 0) {
      this.warn(name, unknown.join(','), `is not one of ${allowed.join(', ')}`, result.join(',') || 'none');
    }
    return result;
  }

  /** One of `allowed` (case-insensitive). */
  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = raw.toLowerCase();
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.warn(name, raw, `is not one of ${allowed.join(', ')}`, fallback);
    return fallback;
  }

  /** An absolute http(s) URL. */
  url(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (isHttpUrl(raw)) return raw;
    this.warn(name, raw, 'is not an http(s) URL', 'the default');
    return undefined;
  }

  /** A `key=value,key2=value2` list with percent-encoded keys and values (W3C baggage style). */
  keyValues(name: string): Record<string, string> {
    const raw = this.string(name);
    const result: Record<string, string> = {};
    if (raw === undefined) return result;
    for (const pair of raw.split(',')) {
      if (!pair.trim()) continue;
      const at = pair.indexOf('=');
      const key = at > 0 ? safeDecode(pair.slice(0, at).trim()) : undefined;
      const value = at > 0 ? safeDecode(pair.slice(at + 1).trim()) : undefined;
      if (!key || value === undefined) {
        // Never echo the pair itself: header lists carry secrets.
        this.warnings.push(`${this.labels[name] ?? name} has an entry that is not key=value (or is badly percent-encoded); skipping it`);
        continue;
      }
      result[key] = value;
    }
    return result;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
