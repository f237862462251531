// gpt2_tokenize.js - GPT-2's reference tokenization, for tests/test_bpe.c.
//
//   node gpt2_tokenize.js PACKAGE_DIR CASES.json
//       {"ids": [[...], ...], "pieces": [[...], ...]}: for each string of
//       CASES.json, its token ids from the gpt-3-encoder package's own
//       encode(), and its pieces under the package's own pre-tokenizing
//       pattern (taken out of its Encoder.js, not copied here).
//   node gpt2_tokenize.js --classes
//       {"L": [[lo, hi], ...], "N": [...], "S": [...]}: the code point
//       ranges of \p{L}, \p{N} and \s in this JavaScript engine.
'use strict';
const fs = require('fs');
const path = require('path');

function ranges(re) {
  const out = [];
  let start = -1;
  for (let cp = 0; cp <= 0x110000; cp++) {
    const inside = cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) && re.test(String.fromCodePoint(cp));
    if (inside && start < 0) start = cp;
    else if (!inside && start >= 0) { out.push([start, cp - 1]); start = -1; }
  }
  return out;
}

if (process.argv[2] === '--classes') {
  console.log(JSON.stringify({ L: ranges(/^\p{L}$/u), N: ranges(/^\p{N}$/u), S: ranges(/^\s$/u) }));
} else {
  const pkg = path.resolve(process.argv[2]);
  const { encode } = require(path.join(pkg, 'index.js'));
  const src = fs.readFileSync(path.join(pkg, 'Encoder.js'), 'utf8');
  const m = src.match(/const pat = (\/.*\/gu)\s*$/m);
  if (!m) throw new Error('no pattern found in Encoder.js');
  const pat = new Function('return ' + m[1])();
  const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const ids = cases.map((s) => encode(s));
  const pieces = cases.map((s) => Array.from(s.matchAll(pat), (x) => x[0]));
  console.log(JSON.stringify({ ids, pieces }));
}
