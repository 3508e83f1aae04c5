// Imported first by server.ts, so that tracing starts before express and pg are loaded.
import { startTracing } from '@kit/register/api';

startTracing({ serviceName: process.env.SERVICE_NAME });
