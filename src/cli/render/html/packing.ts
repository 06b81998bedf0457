// Isometric drawings of example packings: the box as a wireframe, each placed unit as a shaded
// block. Viewed from the (+x, +y, +z) corner, so a unit's top, +x and +y faces are the visible ones.
import type { PackingExample } from '../../../api/packing-examples.js';
import { escapeHtml } from './format.js';

const COS = Math.cos(Math.PI / 6);
const SIN = 0.5;
const project = (x: number, y: number, z: number): [number, number] => [(x - y) * COS, (x + y) * SIN - z];

/** Fill colors by item line, with a lighter top and a darker side. */
const PALETTE = ['#60a5fa', '#f59e0b', '#34d399', '#f472b6', '#a78bfa', '#f87171', '#2dd4bf', '#facc15'];

function shade(hex: string, k: number): string {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const out = c.map((v) => Math.round(k >= 1 ? v + (255 - v) * (k - 1) : v * k));
  return `rgb(${out.join(',')})`;
}

type Item = PackingExample['items'][number];

/**
 * Back to front: of two disjoint blocks, the one lower along an axis that separates them is drawn
 * first. A cycle (possible, rare) falls back to the block nearest the far corner.
 */
function paintOrder(items: readonly Item[]): Item[] {
  const eps = 1e-9;
  const behind = (a: Item, b: Item) => a.x + a.l <= b.x + eps || a.y + a.w <= b.y + eps || a.z + a.h <= b.z + eps;
  const left = [...items];
  const order: Item[] = [];
  while (left.length > 0) {
    let pick = left.findIndex((a) => left.every((b) => a === b || !behind(b, a)));
    if (pick < 0) {
      pick = 0;
      left.forEach((a, i) => { if (a.x + a.y + a.z < left[pick]!.x + left[pick]!.y + left[pick]!.z) pick = i; });
    }
    order.push(left.splice(pick, 1)[0]!);
  }
  return order;
}

const pts = (corners: [number, number, number][]) =>
  corners.map(([x, y, z]) => project(x, y, z).map((v) => v.toFixed(2)).join(',')).join(' ');

/** One packing as an SVG, `size` px wide. */
export function renderPacking(e: PackingExample, size = 250): string {
  const [L, W, H] = e.box;
  const corners: [number, number, number][] = [];
  for (const x of [0, L]) for (const y of [0, W]) for (const z of [0, H]) corners.push([x, y, z]);
  const proj = corners.map(([x, y, z]) => project(x, y, z));
  const minX = Math.min(...proj.map((p) => p[0]));
  const maxX = Math.max(...proj.map((p) => p[0]));
  const minY = Math.min(...proj.map((p) => p[1]));
  const maxY = Math.max(...proj.map((p) => p[1]));
  const pad = Math.max(maxX - minX, maxY - minY) * 0.04;
  const vb = [minX - pad, minY - pad, maxX - minX + 2 * pad, maxY - minY + 2 * pad];
  const height = Math.round((size * vb[3]!) / vb[2]!);
  const stroke = ((vb[2]! / size) * 1).toFixed(3);
  let out = `<svg class="packing" viewBox="${vb.map((v) => v.toFixed(2)).join(' ')}" width="${size}" height="${height}" role="img" aria-label="packing of ${escapeHtml(e.shipment_id)} in ${escapeHtml(e.box_id)}" xmlns="http://www.w3.org/2000/svg" stroke-width="${stroke}" stroke-linejoin="round">`;
  // The box's floor and back walls, faint, so the units stand on something.
  out += `<polygon points="${pts([[0, 0, 0], [L, 0, 0], [L, W, 0], [0, W, 0]])}" fill="#f3f4f6" stroke="#9ca3af"/>`;
  out += `<polygon points="${pts([[0, 0, 0], [L, 0, 0], [L, 0, H], [0, 0, H]])}" fill="#f9fafb" stroke="#d1d5db"/>`;
  out += `<polygon points="${pts([[0, 0, 0], [0, W, 0], [0, W, H], [0, 0, H]])}" fill="#f9fafb" stroke="#d1d5db"/>`;
  for (const it of paintOrder(e.items)) {
    const { x, y, z, l, w, h } = it;
    const base = PALETTE[it.line % PALETTE.length]!;
    const title = `<title>${escapeHtml(it.sku || `item line ${it.line + 1}`)}</title>`;
    out += `<g stroke="#1f2937" stroke-opacity="0.7">${title}`;
    out += `<polygon points="${pts([[x, y, z + h], [x + l, y, z + h], [x + l, y + w, z + h], [x, y + w, z + h]])}" fill="${shade(base, 1.35)}"/>`;
    out += `<polygon points="${pts([[x + l, y, z], [x + l, y + w, z], [x + l, y + w, z + h], [x + l, y, z + h]])}" fill="${shade(base, 1)}"/>`;
    out += `<polygon points="${pts([[x, y + w, z], [x + l, y + w, z], [x + l, y + w, z + h], [x, y + w, z + h]])}" fill="${shade(base, 0.75)}"/>`;
    out += '</g>';
  }
  // The box's front edges on top, so its outline stays readable over the units.
  const edges: [number, number, number][][] = [
    [[L, 0, 0], [L, W, 0]], [[0, W, 0], [L, W, 0]], [[L, W, 0], [L, W, H]], [[L, 0, 0], [L, 0, H]], [[0, W, 0], [0, W, H]],
    [[0, 0, H], [L, 0, H]], [[0, 0, H], [0, W, H]], [[L, 0, H], [L, W, H]], [[0, W, H], [L, W, H]],
  ];
  for (const [a, b] of edges) out += `<polyline points="${pts([a!, b!])}" fill="none" stroke="#374151" stroke-dasharray="${(4 * Number(stroke)).toFixed(3)} ${(3 * Number(stroke)).toFixed(3)}"/>`;
  return out + '</svg>';
}
