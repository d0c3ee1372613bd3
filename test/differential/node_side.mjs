// The reference side of differential testing: the same protocol as kiln_side.cpp, run by V8.
// Instantiates each module with binaryen's fuzzing-support imports, calls every exported function
// with zero arguments in export order, and prints host calls, results and traps.
// usage: node node_side.mjs FILE.wasm…
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

// The function types of a module's exports, read from its type, import, function and export
// sections (the JS API does not tell them, and i64 arguments must be BigInts).
function exportTypes(bytes) {
  let at = 8;
  const u8 = () => bytes[at++];
  const leb = () => {
    let result = 0, shift = 0, byte;
    do {
      byte = u8();
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const skipLeb = () => { while (u8() & 0x80); };
  const name = () => {
    const length = leb();
    const text = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return text;
  };
  const vec = (read) => Array.from({ length: leb() }, read);
  const skipLimits = () => { const flags = u8(); skipLeb(); if (flags & 1) skipLeb(); };
  const types = [], funcTypes = [], exports = new Map();
  while (at < bytes.length) {
    const id = u8(), size = leb(), end = at + size;
    if (id === 1) {
      vec(() => { u8(); return { params: vec(u8), results: vec(u8) }; }).forEach((t) => types.push(t));
    } else if (id === 2) {
      vec(() => {
        name();
        name();
        const kind = u8();
        if (kind === 0) funcTypes.push(types[leb()]);
        else if (kind === 1) { u8(); skipLimits(); }
        else if (kind === 2) skipLimits();
        else { u8(); u8(); }
      });
    } else if (id === 3) {
      vec(leb).forEach((index) => funcTypes.push(types[index]));
    } else if (id === 7) {
      vec(() => {
        const exportName = name(), kind = u8(), index = leb();
        if (kind === 0) exports.set(exportName, funcTypes[index]);
      });
    }
    at = end;
  }
  return exports;
}

const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c;
const view = new DataView(new ArrayBuffer(8));
function format(type, value) {
  switch (type) {
    case I32: return `i32 ${value | 0}`;
    case I64: return `i64 ${BigInt.asIntN(64, value)}`;
    case F32: view.setFloat32(0, value, true); return `f32 0x${view.getUint32(0, true).toString(16).padStart(8, '0')}`;
    case F64: view.setFloat64(0, value, true); return `f64 0x${view.getBigUint64(0, true).toString(16).padStart(16, '0')}`;
  }
  return 'unprintable';
}

const out = [];
const print = (line) => out.push(line);
const imports = {
  'fuzzing-support': {
    'log-i32': (v) => print(`log ${format(I32, v)}`),
    'log-i64': (v) => print(`log ${format(I64, v)}`),
    'log-f32': (v) => print(`log ${format(F32, v)}`),
    'log-f64': (v) => print(`log ${format(F64, v)}`),
    'log-v128': () => {},  // never called: V8 throws a TypeError at a call that passes a v128 to JavaScript
  },
};

for (const file of process.argv.slice(2)) {
  print(`== ${basename(file)}`);
  const bytes = readFileSync(file);
  let module, instance;
  try {
    module = new WebAssembly.Module(bytes);
  } catch {
    print('invalid');
    continue;
  }
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (error) {
    print(error instanceof WebAssembly.LinkError ? 'unlinkable' : 'instantiation failed');
    continue;
  }
  for (const [exportName, type] of exportTypes(bytes)) {
    print(`call ${exportName}`);
    const numbers = [...type.params, ...type.results].every((t) => t === I32 || t === I64 || t === F32 || t === F64);
    if (!numbers) {
      print('  not callable from JavaScript');
      continue;
    }
    const args = type.params.map((t) => (t === I64 ? 0n : 0));
    let results;
    try {
      results = instance.exports[exportName](...args);
    } catch (error) {
      print(error instanceof RangeError ? '  trap: call stack exhausted' : '  trap');
      continue;
    }
    if (type.results.length === 1) results = [results];
    type.results.forEach((t, i) => print(`  ${format(t, results[i])}`));
  }
}
process.stdout.write(out.join('\n') + '\n');
