import { halfDoneSuite } from './half-done-suite.js';

halfDoneSuite('PGlite', async () => 'pglite:memory');
