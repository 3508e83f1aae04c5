#!/usr/bin/env node
// Committed and executable, so the bin works whatever mode the build gives dist/.
require('../dist/cli.js');
