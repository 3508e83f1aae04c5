/** The time ranges the search and the service map offer, as the API's `lookback` values. */
export interface TimeRange {
  /** The `lookback` parameter: Go's duration syntax, as /api/traces takes it; '' for any time. */
  value: string;
  label: string;
  /** The range in ms, as /api/dependencies takes it; undefined for any time. */
  ms?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const TIME_RANGES: TimeRange[] = [
  { value: '', label: 'any time' },
  { value: '5m', label: 'last 5 minutes', ms: 5 * MINUTE },
  { value: '15m', label: 'last 15 minutes', ms: 15 * MINUTE },
  { value: '1h', label: 'last hour', ms: HOUR },
  { value: '6h', label: 'last 6 hours', ms: 6 * HOUR },
  { value: '24h', label: 'last 24 hours', ms: 24 * HOUR },
  { value: '168h', label: 'last 7 days', ms: 168 * HOUR },
];

/** "in the last hour", "at any time": the range in a sentence. */
export function rangeInWords(range: TimeRange): string {
  return range.ms === undefined ? 'at any time' : `in the ${range.label}`;
}
