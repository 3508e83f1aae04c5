import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** The messages of proto/helloworld.proto, as @grpc/proto-loader hands them over (camelCase). */
export interface HelloRequest {
  name: string;
  fail: boolean;
}
export interface HelloReply {
  message: string;
  greetingCount: number;
}

export const PROTO_PATH = path.join(__dirname, '..', 'proto', 'helloworld.proto');

/** Loads the Greeter service definition at run time, so no generated code is committed. */
export function loadGreeterService(): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync(PROTO_PATH, { longs: Number, defaults: true });
  const helloworld = grpc.loadPackageDefinition(definition).helloworld as grpc.GrpcObject;
  return (helloworld.Greeter as grpc.ServiceClientConstructor).service;
}
