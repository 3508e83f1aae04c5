import type { ThriftBatch, ThriftSpan, ThriftTag } from './jaeger-schema';

/**
 * A reader of Agent.emitBatch in Thrift's compact protocol (what Jaeger clients other than Node's
 * send to the agent's 6831), small because the protocol describes itself: each field carries its
 * id and type, so a struct reads generically into id → value and is then named by jaeger.thrift's
 * field ids. thriftrw, which reads the binary protocol, has no compact protocol.
 */

const PROTOCOL_ID = 0x82;
const VERSION = 1;
const TYPE_CALL = 1;
const TYPE_ONEWAY = 4;

/** Compact protocol type ids. */
const enum T {
  Stop = 0,
  True = 1,
  False = 2,
  Byte = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  Double = 7,
  Binary = 8,
  List = 9,
  Set = 10,
  Map = 11,
  Struct = 12,
}

type Value = boolean | number | bigint | Buffer | Value[] | Struct | Map<Value, Value>;
type Struct = Map<number, Value>;

/** jaeger.thrift's enums, by their numbers, as thriftrw names them. */
const TAG_TYPES = ['STRING', 'DOUBLE', 'BOOL', 'LONG', 'BINARY'];
const REF_TYPES = ['CHILD_OF', 'FOLLOWS_FROM'];

class CompactReader {
  private at = 0;
  /** Every struct, list and map nests one level; a datagram cannot nest deeper than this. */
  private depth = 0;

  constructor(private readonly bytes: Buffer) {}

  private byte(): number {
    if (this.at >= this.bytes.length) throw new Error('truncated message');
    return this.bytes[this.at++];
  }

  private varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new Error('varint too long');
  }

  private zigzag(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  private size(): number {
    const n = this.varint();
    if (n > BigInt(this.bytes.length - this.at)) throw new Error(`truncated message: a size of ${n} with ${this.bytes.length - this.at} bytes left`);
    return Number(n);
  }

  private binary(): Buffer {
    const length = this.size();
    const value = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  message(): { name: string; args: Struct } {
    if (this.byte() !== PROTOCOL_ID) throw new Error('not a compact-protocol message');
    const versionAndType = this.byte();
    const type = versionAndType >> 5;
    if ((versionAndType & 0x1f) !== VERSION || (type !== TYPE_CALL && type !== TYPE_ONEWAY)) throw new Error('unsupported message version or type');
    this.varint(); // sequence id
    const name = this.binary().toString('utf8');
    return { name, args: this.struct() };
  }

  private struct(): Struct {
    this.enter();
    const fields: Struct = new Map();
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === T.Stop) break;
      const delta = header >> 4;
      id = delta === 0 ? Number(this.zigzag()) : id + delta;
      fields.set(id, type === T.True || type === T.False ? type === T.True : this.value(type));
    }
    this.depth -= 1;
    return fields;
  }

  private value(type: number): Value {
    switch (type) {
      case T.True:
      case T.False:
        // Inside lists, a bool is a byte of its own: 1 true, anything else false.
        return this.byte() === T.True;
      case T.Byte:
        return (this.byte() << 24) >> 24;
      case T.I16:
      case T.I32:
        return Number(this.zigzag());
      case T.I64:
        return BigInt.asIntN(64, this.zigzag());
      case T.Double: {
        if (this.at + 8 > this.bytes.length) throw new Error('truncated message');
        const value = this.bytes.readDoubleLE(this.at);
        this.at += 8;
        return value;
      }
      case T.Binary:
        return this.binary();
      case T.List:
      case T.Set:
        return this.list();
      case T.Map:
        return this.map();
      case T.Struct:
        return this.struct();
      default:
        throw new Error(`unknown compact type ${type}`);
    }
  }

  private list(): Value[] {
    this.enter();
    const header = this.byte();
    const size = header >> 4 === 15 ? this.size() : header >> 4;
    const items: Value[] = [];
    for (let i = 0; i < size; i++) items.push(this.value(header & 0x0f));
    this.depth -= 1;
    return items;
  }

  private map(): Map<Value, Value> {
    this.enter();
    const size = this.size();
    const entries = new Map<Value, Value>();
    if (size > 0) {
      const types = this.byte();
      for (let i = 0; i < size; i++) entries.set(this.value(types >> 4), this.value(types & 0x0f));
    }
    this.depth -= 1;
    return entries;
  }

  private enter(): void {
    if (++this.depth > 64) throw new Error('nested too deeply');
  }
}

/** Field access that says which field of which struct was missing or of the wrong type. */
function field<V>(struct: Struct, id: number, what: string, check: (value: Value) => value is V & Value): V;
function field<V>(struct: Struct, id: number, what: string, check: (value: Value) => value is V & Value, optional: true): V | undefined;
function field<V>(struct: Struct, id: number, what: string, check: (value: Value) => value is V & Value, optional = false): V | undefined {
  const value = struct.get(id);
  if (value === undefined && optional) return undefined;
  if (value === undefined || !check(value)) throw new Error(`${what} missing or of the wrong type`);
  return value;
}

const isStruct = (value: Value): value is Struct => value instanceof Map;
const isList = (value: Value): value is Value[] => Array.isArray(value);
const isBigInt = (value: Value): value is bigint => typeof value === 'bigint';
const isNumber = (value: Value): value is number => typeof value === 'number';
const isBool = (value: Value): value is boolean => typeof value === 'boolean';
const isBinary = (value: Value): value is Buffer => Buffer.isBuffer(value);

/** An i64 as thriftrw hands it over: 8 big-endian bytes. */
function i64(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(value);
  return bytes;
}

function structs(value: Value[] | undefined, what: string): Struct[] {
  return (value ?? []).map((item) => {
    if (!isStruct(item)) throw new Error(`${what} entries must be structs`);
    return item;
  });
}

function tag(struct: Struct): ThriftTag {
  const vType = TAG_TYPES[field(struct, 2, 'Tag.vType', isNumber)];
  if (!vType) throw new Error('unknown Tag.vType');
  const vLong = field(struct, 6, 'Tag.vLong', isBigInt, true);
  return {
    key: field(struct, 1, 'Tag.key', isBinary).toString('utf8'),
    vType,
    vStr: field(struct, 3, 'Tag.vStr', isBinary, true)?.toString('utf8'),
    vDouble: field(struct, 4, 'Tag.vDouble', isNumber, true),
    vBool: field(struct, 5, 'Tag.vBool', isBool, true),
    vLong: vLong === undefined ? undefined : i64(vLong),
    vBinary: field(struct, 7, 'Tag.vBinary', isBinary, true),
  };
}

function span(struct: Struct): ThriftSpan {
  const id = (fieldId: number, what: string): Buffer => i64(field(struct, fieldId, what, isBigInt));
  return {
    traceIdLow: id(1, 'Span.traceIdLow'),
    traceIdHigh: id(2, 'Span.traceIdHigh'),
    spanId: id(3, 'Span.spanId'),
    parentSpanId: id(4, 'Span.parentSpanId'),
    operationName: field(struct, 5, 'Span.operationName', isBinary).toString('utf8'),
    references: structs(field(struct, 6, 'Span.references', isList, true), 'Span.references').map((ref) => {
      const refType = REF_TYPES[field(ref, 1, 'SpanRef.refType', isNumber)];
      if (!refType) throw new Error('unknown SpanRef.refType');
      return {
        refType,
        traceIdLow: i64(field(ref, 2, 'SpanRef.traceIdLow', isBigInt)),
        traceIdHigh: i64(field(ref, 3, 'SpanRef.traceIdHigh', isBigInt)),
        spanId: i64(field(ref, 4, 'SpanRef.spanId', isBigInt)),
      };
    }),
    flags: field(struct, 7, 'Span.flags', isNumber),
    startTime: id(8, 'Span.startTime'),
    duration: id(9, 'Span.duration'),
    tags: structs(field(struct, 10, 'Span.tags', isList, true), 'Span.tags').map(tag),
    logs: structs(field(struct, 11, 'Span.logs', isList, true), 'Span.logs').map((log) => ({
      timestamp: i64(field(log, 1, 'Log.timestamp', isBigInt)),
      fields: structs(field(log, 2, 'Log.fields', isList), 'Log.fields').map(tag),
    })),
  };
}

/** Decodes one Agent.emitBatch datagram in the compact protocol; throws saying what is wrong when it is not one. */
export function decodeCompactEmitBatch(datagram: Buffer): ThriftBatch {
  const { name, args } = new CompactReader(datagram).message();
  if (name !== 'emitBatch') throw new Error(`expected an emitBatch call, got "${name}"`);
  const batch = field(args, 1, 'emitBatch.batch', isStruct);
  const process = field(batch, 1, 'Batch.process', isStruct);
  return {
    process: {
      serviceName: field(process, 1, 'Process.serviceName', isBinary).toString('utf8'),
      tags: structs(field(process, 2, 'Process.tags', isList, true), 'Process.tags').map(tag),
    },
    spans: structs(field(batch, 2, 'Batch.spans', isList), 'Batch.spans').map(span),
  };
}
