// Call overhead in Node.js on the module kiln_bench_calls uses (calls.wasm), for comparison:
// JS→wasm calls of nop and add, wasm→JS import calls, call_indirect, instantiation of the
// compiled module and memory.grow. Prints one JSON object: benchmark name → ns per call.
//   node node_calls.mjs calls.wasm [--quick]
import { readFileSync } from 'node:fs';

const [file, ...options] = process.argv.slice(2);
if (!file) {
  console.error('usage: node node_calls.mjs calls.wasm [--quick]');
  process.exit(2);
}
const quick = options.includes('--quick');
const module = new WebAssembly.Module(readFileSync(file));
const imports = { env: { host_nop() {} } };
const { exports } = new WebAssembly.Instance(module, imports);

// ns per call of `body(calls)`, the best of several timed rounds after a warm-up that lets V8
// tier the code up to TurboFan.
function measure(body, calls) {
  const rounds = quick ? 2 : 7;
  body(calls);
  let best = Infinity;
  for (let round = 0; round < rounds; ++round) {
    const start = process.hrtime.bigint();
    body(calls);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / calls);
  }
  return best;
}

const n = quick ? 100_000 : 10_000_000;
const results = {};
results.HostToWasmTypedNop = measure((count) => {
  const nop = exports.nop;
  for (let i = 0; i < count; ++i) nop();
}, n);
results.HostToWasmTypedAdd = measure((count) => {
  const add = exports.add;
  let sum = 0;
  for (let i = 0; i < count; ++i) sum = add(sum, 1);
  return sum;
}, n);
results.WasmToHostCall = measure((count) => exports.call_host(count), n);
results.WasmCallIndirect = measure((count) => exports.call_indirect(count), n);
results.Instantiate = measure((count) => {
  for (let i = 0; i < count; ++i) new WebAssembly.Instance(module, imports);
}, quick ? 100 : 2000);
results.MemoryGrow = measure((count) => {
  const grow = new WebAssembly.Instance(module, imports).exports.grow;
  for (let i = 0; i < count; ++i) if (grow(1) < 0) throw new Error('memory.grow failed');
}, quick ? 100 : 4000);
console.log(JSON.stringify(results));
