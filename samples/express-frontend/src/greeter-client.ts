import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * The Greeter contract, shared with samples/grpc-greeter. In a project of your own, copy the
 * .proto next to your client (or publish it in a package both sides depend on).
 */
const PROTO_PATH = path.join(__dirname, '..', '..', 'grpc-greeter', 'proto', 'helloworld.proto');

/** Each call gets this long before it fails with DEADLINE_EXCEEDED. */
const CALL_DEADLINE_MS = 5_000;

export interface HelloReply {
  message: string;
  greetingCount: number;
}

export interface GreeterClient {
  sayHello(name: string, options?: { fail?: boolean }): Promise<HelloReply>;
  /** Collects the replies of the server-streaming SayHelloStream. */
  sayHelloStream(name: string): Promise<HelloReply[]>;
  close(): void;
}

export function connectGreeter(address: string): GreeterClient {
  const definition = protoLoader.loadSync(PROTO_PATH, { longs: Number, defaults: true });
  const helloworld = grpc.loadPackageDefinition(definition).helloworld as grpc.GrpcObject;
  const Greeter = helloworld.Greeter as grpc.ServiceClientConstructor;
  const client = new Greeter(address, grpc.credentials.createInsecure());
  const deadline = () => ({ deadline: Date.now() + CALL_DEADLINE_MS });

  return {
    sayHello: (name, { fail = false } = {}) =>
      new Promise((resolve, reject) =>
        client.SayHello({ name, fail }, deadline(), (err: grpc.ServiceError | null, reply: HelloReply) =>
          err ? reject(err) : resolve(reply),
        ),
      ),
    sayHelloStream: (name) =>
      new Promise((resolve, reject) => {
        const replies: HelloReply[] = [];
        const stream: grpc.ClientReadableStream<HelloReply> = client.SayHelloStream({ name }, deadline());
        stream.on('data', (reply: HelloReply) => replies.push(reply));
        stream.on('error', reject);
        stream.on('end', () => resolve(replies));
      }),
    close: () => client.close(),
  };
}
