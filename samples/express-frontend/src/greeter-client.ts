import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * The Greeter contract: proto/helloworld.proto beside src/ in a project of your own (the README's
 * copy steps put it there), else the one of samples/grpc-greeter in this repository.
 */
const PROTO_PATH = [path.join(__dirname, '..', 'proto'), path.join(__dirname, '..', '..', 'grpc-greeter', 'proto')]
  .map((dir) => path.join(dir, 'helloworld.proto'))
  .find((file) => existsSync(file))!;

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
