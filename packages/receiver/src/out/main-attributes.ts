import {
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_RPC_METHOD,
  ATTR_SERVER_ADDRESS,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import {
  ATTR_DB_STATEMENT,
  ATTR_DB_SYSTEM,
  ATTR_HTTP_METHOD,
  ATTR_HTTP_STATUS_CODE,
  ATTR_HTTP_TARGET,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_RPC_GRPC_STATUS_CODE,
  ATTR_RPC_SERVICE,
  ATTR_RPC_SYSTEM,
} from '@opentelemetry/semantic-conventions/incubating';
import type { ReceivedSpan } from '../types';

/**
 * The attributes that say what a span did, in display order; both the stable names and the
 * older ones that instrumentations still emit by default.
 */
const MAIN_KEYS: string[] = [
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_METHOD,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_HTTP_TARGET,
  ATTR_URL_FULL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_STATUS_CODE,
  ATTR_RPC_SYSTEM,
  ATTR_RPC_SERVICE,
  ATTR_RPC_METHOD,
  ATTR_RPC_GRPC_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_DB_SYSTEM,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_STATEMENT,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_EXCEPTION_MESSAGE,
];
const MAX_SHOWN = 5;
/** Namespaces of the semantic conventions: attributes an instrumentation sets, not the app. */
const CONVENTION_NAMESPACE = /^(http|url|server|client|network|net|user_agent|rpc|db|messaging|exception|error|otel|code|thread|express|process|host)\./;
const MAX_VALUE_LENGTH = 60;

/**
 * Up to MAX_SHOWN [key, value] pairs: the known main keys, then the app's own attributes (those
 * outside the conventions' namespaces, such as baggage copied onto a span), leaving out copies of
 * the resource (Jaeger exporters send resource attributes as span tags).
 */
export function mainAttributes(span: ReceivedSpan): Array<[string, string]> {
  const known = MAIN_KEYS.filter((key) => key in span.attributes);
  const own = Object.keys(span.attributes).filter(
    (key) => span.resource[key] !== span.attributes[key] && !MAIN_KEYS.includes(key) && (known.length === 0 || !CONVENTION_NAMESPACE.test(key)),
  );
  const keys = [...known, ...own];
  return keys.slice(0, MAX_SHOWN).map((key) => [key, shorten(JSON.stringify(span.attributes[key]))]);
}

function shorten(text: string): string {
  const plain = text.startsWith('"') ? text.slice(1, -1) : text;
  return plain.length > MAX_VALUE_LENGTH ? plain.slice(0, MAX_VALUE_LENGTH - 1) + '…' : plain;
}
