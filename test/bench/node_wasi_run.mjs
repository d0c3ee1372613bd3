// Runs a WASI command module under Node.js's own WASI (node:wasi), for test/bench/run.py:
//   node --single-threaded-gc node_wasi_run.mjs KERNEL.wasm [ARGS…]
// It exits with the program's exit code; the program's stdout is Node's.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node node_wasi_run.mjs MODULE.wasm [ARGS...]');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [basename(file, '.wasm'), ...args], env: {}, preopens: {} });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
