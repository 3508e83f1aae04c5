// Entry for `node -r @kit/register app.js`: side effects only.
import { boot } from './boot';

boot();
