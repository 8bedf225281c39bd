import { engineSuite } from './engine-suite.js';

engineSuite('PGlite', async () => 'pglite:memory');
