/**
 * Line charts as PNG in plain JavaScript (node:zlib, nothing to install): axes with ticks, one line with point
 * markers per series, a legend, text in a 5×7 bitmap font (upper case).
 */
import * as fs from "fs";
import * as zlib from "zlib";

type Rgb = readonly [number, number, number];

export interface Series {
  readonly name: string;
  readonly color: Rgb;
  readonly points: readonly (readonly [number, number])[];
}

export interface Panel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
}

// Column-major 5×7 glyphs (bit 0 is the top row).
const FONT: Record<string, readonly number[]> = {
  "0": [0x3e, 0x51, 0x49, 0x45, 0x3e],
  "1": [0x00, 0x42, 0x7f, 0x40, 0x00],
  "2": [0x42, 0x61, 0x51, 0x49, 0x46],
  "3": [0x21, 0x41, 0x45, 0x4b, 0x31],
  "4": [0x18, 0x14, 0x12, 0x7f, 0x10],
  "5": [0x27, 0x45, 0x45, 0x45, 0x39],
  "6": [0x3c, 0x4a, 0x49, 0x49, 0x30],
  "7": [0x01, 0x71, 0x09, 0x05, 0x03],
  "8": [0x36, 0x49, 0x49, 0x49, 0x36],
  "9": [0x06, 0x49, 0x49, 0x29, 0x1e],
  A: [0x7e, 0x11, 0x11, 0x11, 0x7e],
  B: [0x7f, 0x49, 0x49, 0x49, 0x36],
  C: [0x3e, 0x41, 0x41, 0x41, 0x22],
  D: [0x7f, 0x41, 0x41, 0x22, 0x1c],
  E: [0x7f, 0x49, 0x49, 0x49, 0x41],
  F: [0x7f, 0x09, 0x09, 0x09, 0x01],
  G: [0x3e, 0x41, 0x49, 0x49, 0x7a],
  H: [0x7f, 0x08, 0x08, 0x08, 0x7f],
  I: [0x00, 0x41, 0x7f, 0x41, 0x00],
  J: [0x20, 0x40, 0x41, 0x3f, 0x01],
  K: [0x7f, 0x08, 0x14, 0x22, 0x41],
  L: [0x7f, 0x40, 0x40, 0x40, 0x40],
  M: [0x7f, 0x02, 0x0c, 0x02, 0x7f],
  N: [0x7f, 0x04, 0x08, 0x10, 0x7f],
  O: [0x3e, 0x41, 0x41, 0x41, 0x3e],
  P: [0x7f, 0x09, 0x09, 0x09, 0x06],
  Q: [0x3e, 0x41, 0x51, 0x21, 0x5e],
  R: [0x7f, 0x09, 0x19, 0x29, 0x46],
  S: [0x46, 0x49, 0x49, 0x49, 0x31],
  T: [0x01, 0x01, 0x7f, 0x01, 0x01],
  U: [0x3f, 0x40, 0x40, 0x40, 0x3f],
  V: [0x1f, 0x20, 0x40, 0x20, 0x1f],
  W: [0x3f, 0x40, 0x38, 0x40, 0x3f],
  X: [0x63, 0x14, 0x08, 0x14, 0x63],
  Y: [0x07, 0x08, 0x70, 0x08, 0x07],
  Z: [0x61, 0x51, 0x49, 0x45, 0x43],
  " ": [0, 0, 0, 0, 0],
  ".": [0x00, 0x60, 0x60, 0x00, 0x00],
  ",": [0x00, 0x50, 0x30, 0x00, 0x00],
  ":": [0x00, 0x36, 0x36, 0x00, 0x00],
  "/": [0x20, 0x10, 0x08, 0x04, 0x02],
  "(": [0x00, 0x1c, 0x22, 0x41, 0x00],
  ")": [0x00, 0x41, 0x22, 0x1c, 0x00],
  "-": [0x08, 0x08, 0x08, 0x08, 0x08],
  "+": [0x08, 0x08, 0x3e, 0x08, 0x08],
  "%": [0x23, 0x13, 0x08, 0x64, 0x62],
  "=": [0x14, 0x14, 0x14, 0x14, 0x14],
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA image encoded as PNG (8-bit RGBA, no filtering). */
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

class Canvas {
  readonly png: { data: Buffer };
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.png = { data: Buffer.alloc(width * height * 4, 255) };
  }

  set(x: number, y: number, c: Rgb): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    this.png.data[i] = c[0];
    this.png.data[i + 1] = c[1];
    this.png.data[i + 2] = c[2];
    this.png.data[i + 3] = 255;
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let i = 0; i < w; i++) for (let j = 0; j < h; j++) this.set(x + i, y + j, c);
  }

  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thick = 1): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      this.rect(x - Math.floor(thick / 2), y - Math.floor(thick / 2), thick, thick, c);
    }
  }

  text(s: string, x: number, y: number, c: Rgb = [0, 0, 0], scale = 1): number {
    for (const ch of s.toUpperCase()) {
      const g = FONT[ch] ?? FONT[" "];
      g.forEach((col, i) => {
        for (let r = 0; r < 7; r++) if (col & (1 << r)) this.rect(x + i * scale, y + r * scale, scale, scale, c);
      });
      x += 6 * scale;
    }
    return x;
  }

  write(file: string): void {
    fs.writeFileSync(file, encodePng(this.width, this.height, this.png.data));
  }
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * p).find((m) => m >= v)!;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function drawPanel(cv: Canvas, p: Panel, ox: number, oy: number, w: number, h: number): void {
  const left = ox + 60;
  const top = oy + 48;
  const right = ox + w - 20;
  const bottom = oy + h - 45;
  const xs = p.series.flatMap((s) => s.points.map(([x]) => x));
  const ys = p.series.flatMap((s) => s.points.map(([, y]) => y));
  const xMax = niceMax(Math.max(...xs));
  const yMax = niceMax(Math.max(...ys));
  const px = (x: number) => left + ((right - left) * x) / xMax;
  const py = (y: number) => bottom - ((bottom - top) * y) / yMax;
  cv.text(p.title, ox + 60, oy + 8, [0, 0, 0], 2);
  for (let i = 0; i <= 5; i++) {
    const yv = (yMax * i) / 5;
    cv.line(left, py(yv), right, py(yv), [225, 225, 225]);
    const label = fmt(yv);
    cv.text(label, left - 8 - label.length * 6, py(yv) - 3);
    const xv = (xMax * i) / 5;
    cv.line(px(xv), bottom, px(xv), bottom + 4, [0, 0, 0]);
    cv.text(fmt(xv), px(xv) - fmt(xv).length * 3, bottom + 8);
  }
  cv.line(left, bottom, right, bottom, [0, 0, 0]);
  cv.line(left, top, left, bottom, [0, 0, 0]);
  cv.text(p.xLabel, (left + right) / 2 - p.xLabel.length * 3, bottom + 24);
  cv.text(p.yLabel, ox + 4, top - 16);
  p.series.forEach((s, k) => {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < pts.length; i++) cv.line(px(pts[i - 1][0]), py(pts[i - 1][1]), px(pts[i][0]), py(pts[i][1]), s.color, 2);
    for (const [x, y] of pts) cv.rect(px(x) - 3, py(y) - 3, 7, 7, s.color);
    const ly = top + 6 + k * 14;
    cv.rect(left + 12, ly, 16, 7, s.color);
    cv.text(s.name, left + 34, ly);
  });
}

/** Panels side by side in one PNG. */
export function writeChart(file: string, panels: readonly Panel[], panelWidth = 560, height = 420): void {
  const cv = new Canvas(panelWidth * panels.length, height);
  panels.forEach((p, i) => drawPanel(cv, p, i * panelWidth, 0, panelWidth, height));
  cv.write(file);
}
