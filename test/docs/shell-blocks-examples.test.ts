import { docsTest, SEED_EXAMPLE_READMES } from './shell-blocks.js';

// The two seed examples' READMEs: the costliest documents, in a file of their own.
docsTest((file) => SEED_EXAMPLE_READMES.includes(file));
