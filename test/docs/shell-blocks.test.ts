import { docsTest, SEED_EXAMPLE_READMES } from './shell-blocks.js';

// README.md, docs/*.md and every example README but the seed examples' (shell-blocks-examples).
docsTest((file) => !SEED_EXAMPLE_READMES.includes(file));
