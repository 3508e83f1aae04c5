/** The part of Apache Thrift's JS library (untyped) that the UDP tests use to encode datagrams. */
declare module 'thrift' {
  export const Thrift: { Type: Record<string, number>; MessageType: Record<string, number> };
  export class TBufferedTransport {
    constructor(buffer: undefined, onFlush: (bytes: Buffer) => void);
    flush(): void;
  }
  export class TProtocol {
    constructor(transport: TBufferedTransport);
    [method: string]: any;
  }
  export class TCompactProtocol extends TProtocol {}
  export class TBinaryProtocol extends TProtocol {}
}
