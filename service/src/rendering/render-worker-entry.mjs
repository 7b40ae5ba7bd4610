// Worker threads do not inherit a TypeScript loader registered in the parent (mocha, tsx's API),
// so the worker registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
