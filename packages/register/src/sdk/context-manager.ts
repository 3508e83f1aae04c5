import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { IncomingMessage, ServerResponse } from 'node:http';
import { bindEmitter, bindPrototypes } from './bound-emitters';
import { linkedRoot } from './linked-context';

/**
 * The official AsyncLocalStorage context manager, except for binding http's requests and
 * responses: the http instrumentation binds both of every request it records, and the official
 * bind puts eight patched methods on each; here they are bound by one property, with the
 * listener methods patched once on http's prototypes (bound-emitters.ts); and, outside any
 * context, the active one is the kit's root (linked-context.ts), whose descendants are cheaper to
 * make than the API's. Everything else, other emitters included, is the official code.
 */
export class KitContextManager extends AsyncLocalStorageContextManager {
  constructor() {
    super();
    bindPrototypes();
  }

  override active(): Context {
    return linkedRoot(super.active());
  }

  override bind<T>(active: Context, target: T): T {
    if (target instanceof IncomingMessage || target instanceof ServerResponse) {
      bindEmitter(target, active);
      return target;
    }
    return super.bind(active, target);
  }
}
