import type { AttributeValue, Attributes } from '../types';

/** A request body that does not follow the protocol; the receiver answers it with a client error. */
export class InvalidPayloadError extends Error {}

type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The list at `object[key]`, or [] when absent; anything else is a malformed payload. */
export function listAt(object: Plain, key: string): unknown[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidPayloadError(`"${key}" must be a list`);
  return value;
}

/** The list at `object[key]` when every entry is an object, as listAt; `"key" entries must be objects` otherwise. */
export function objectsAt(object: Plain, key: string): Plain[] {
  const list = listAt(object, key);
  if (!list.every(isPlainObject)) throw new InvalidPayloadError(`"${key}" entries must be objects`);
  return list;
}

export function objectAt(object: Plain, key: string): Plain {
  const value = object[key];
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new InvalidPayloadError(`"${key}" must be an object`);
  return value;
}

/**
 * Ids arrive as bytes from protobuf and as hex strings from OTLP/JSON.
 * Returns lower-case hex, or undefined when empty (a root span's parent).
 */
export function idToHex(value: unknown, bytes: number): string | undefined {
  let hex: string;
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof Uint8Array) hex = Buffer.from(value).toString('hex');
  else if (typeof value === 'string' && /^[0-9a-fA-F]*$/.test(value)) hex = value.toLowerCase();
  else throw new InvalidPayloadError('ids must be bytes (protobuf) or hex strings (JSON)');
  if (hex.length === 0) return undefined;
  if (hex.length !== bytes * 2) throw new InvalidPayloadError(`id ${hex} is not ${bytes} bytes long`);
  return hex;
}

/** fixed64 nanoseconds: a decimal string (protobuf with longs as String, or JSON) or a number. */
export function nanos(value: unknown): string {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value).toString();
  throw new InvalidPayloadError('times must be unsigned integers of nanoseconds');
}

/** Plain value of an OTLP AnyValue. Nested lists/maps and bytes, which attributes cannot hold, become strings. */
function anyValue(value: unknown): AttributeValue {
  if (!isPlainObject(value)) return '';
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (isPlainObject(value.arrayValue)) {
    return listAt(value.arrayValue, 'values').map((item) => {
      const plain = anyValue(item);
      return Array.isArray(plain) ? JSON.stringify(plain) : plain;
    });
  }
  if (isPlainObject(value.kvlistValue)) return JSON.stringify(attributes(value.kvlistValue.values));
  if (value.bytesValue instanceof Uint8Array) return Buffer.from(value.bytesValue).toString('base64');
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  return '';
}

/** OTLP KeyValue list → plain attributes. */
export function attributes(list: unknown): Attributes {
  const result: Attributes = {};
  if (list === undefined || list === null) return result;
  if (!Array.isArray(list)) throw new InvalidPayloadError('"attributes" must be a list');
  for (const entry of list) {
    if (!isPlainObject(entry) || typeof entry.key !== 'string') {
      throw new InvalidPayloadError('each attribute needs a string "key"');
    }
    result[entry.key] = anyValue(entry.value);
  }
  return result;
}
