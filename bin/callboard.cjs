#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI itself is bundled by scripts/build-cli.mjs (run on npm install).
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'out', 'cli', 'callboard.cjs');
if (!fs.existsSync(entry)) {
  process.stderr.write('callboard: the command-line tool is not built yet; run "npm run build:cli" (npm install does it).\n');
  process.exit(2);
}
require(entry);
