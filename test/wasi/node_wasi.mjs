// Runs a WASI command module under Node.js's own WASI (node:wasi), as a reference for kiln run.
// usage: node --no-warnings node_wasi.mjs [--dir HOST[::GUEST]]… [--env K=V]… FILE.wasm [ARGS…]
// Exits with the program's exit code, like `kiln run`.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const preopens = {};
const env = {};
const argv = process.argv.slice(2);
while (argv.length > 0 && argv[0].startsWith('--')) {
  const [flag, value] = argv.splice(0, 2);
  if (flag === '--dir') {
    const [host, guest] = value.split('::');
    preopens[guest ?? host] = host;
  } else if (flag === '--env') {
    const equals = value.indexOf('=');
    env[value.slice(0, equals)] = value.slice(equals + 1);
  } else {
    console.error(`node_wasi.mjs: unknown option ${flag}`);
    process.exit(2);
  }
}
const [file, ...args] = argv;
// kiln passes the module's file name as argv[0]; so does this runner.
const wasi = new WASI({ version: 'preview1', args: [basename(file), ...args], env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
