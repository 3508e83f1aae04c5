import type { ReceivedSpan } from '../types';

/** Hands decoded spans of one valid batch to the store. */
export type Ingest = (spans: ReceivedSpan[]) => void;

/** One line about something the receiver refused or could not do. */
export type Log = (message: string) => void;
