/** The part of thriftrw (untyped) that the receiver uses. */
declare module 'thriftrw' {
  export class Thrift {
    constructor(options: { source?: string; entryPoint?: string; allowFilesystemAccess?: boolean; strict?: boolean; allowOptionalArguments?: boolean });
    [definition: string]: any;
  }
}
