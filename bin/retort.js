#!/usr/bin/env -S node --max-semi-space-size=2
import { main } from '../dist/cli/main.js';

await main();
