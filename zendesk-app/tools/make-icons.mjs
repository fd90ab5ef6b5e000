#!/usr/bin/env node
/**
 * Draws the app's marketplace icons: assets/logo.png (128×128), assets/logo-small.png (64×64),
 * assets/logo.svg and assets/icon_nav_bar.svg. The outputs are committed; run this again only
 * when the design changes: `node zendesk-app/tools/make-icons.mjs`.
 *
 * The PNGs are written by hand (signature, IHDR, one zlib-compressed IDAT, IEND) so the icons
 * need no image library: a teal rounded square with a white clock face whose hands point at
 * the deadline, drawn with 4×4 supersampling for smooth edges.
 */
/* global console */
import { Buffer } from 'node:buffer'
import { writeFileSync } from 'node:fs'
import { URL, fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const ASSETS = fileURLToPath(new URL('../assets/', import.meta.url))

const BACKGROUND = [0x17, 0x49, 0x4d] // Zendesk's "Kale" teal
const FOREGROUND = [0xff, 0xff, 0xff]
const ACCENT = [0xf7, 0x9a, 0x3e] // the deadline marker

// Geometry in units of the icon's size (0..1), shared by the PNG and the SVG.
const CORNER = 0.2
const RING_OUTER = 0.34
const RING_INNER = 0.27
const HAND_WIDTH = 0.055
const HANDS = [
  { to: [0.5, 0.3], width: HAND_WIDTH }, // minute hand: 12 o'clock
  { to: [0.64, 0.5], width: HAND_WIDTH }, // hour hand: 3 o'clock
]
const MARKER = { at: [0.5 + RING_OUTER * 0.7071, 0.5 - RING_OUTER * 0.7071], radius: 0.085 }

function insideRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, CORNER), 1 - CORNER)
  const cy = Math.min(Math.max(y, CORNER), 1 - CORNER)
  return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

/** The colour at a point of the unit square, or null outside the icon. */
function colourAt(x, y) {
  if (!insideRoundedSquare(x, y)) return null
  if (Math.hypot(x - MARKER.at[0], y - MARKER.at[1]) <= MARKER.radius) return ACCENT
  const r = Math.hypot(x - 0.5, y - 0.5)
  if (r <= RING_OUTER && r >= RING_INNER) return FOREGROUND
  for (const hand of HANDS)
    if (distanceToSegment(x, y, [0.5, 0.5], hand.to) <= hand.width / 2) return FOREGROUND
  return BACKGROUND
}

function rgbaPixels(size) {
  const SAMPLES = 4
  const out = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      let covered = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)
          if (c === null) continue
          r += c[0]
          g += c[1]
          b += c[2]
          covered++
        }
      }
      const i = (py * size + px) * 4
      if (covered > 0) {
        out[i] = Math.round(r / covered)
        out[i + 1] = Math.round(g / covered)
        out[i + 2] = Math.round(b / covered)
      }
      out[i + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255)
    }
  }
  return out
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

/** An 8-bit RGBA PNG of the icon at `size`×`size` pixels. */
function png(size) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // colour type: RGBA
  // compression, filter and interlace methods stay 0
  const pixels = rgbaPixels(size)
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0 // filter type: none
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('')
const n = (v) => Number((v * 128).toFixed(2))

function logoSvg() {
  const ringMid = (RING_OUTER + RING_INNER) / 2
  const ringWidth = RING_OUTER - RING_INNER
  const hands = HANDS.map(
    (h) =>
      `  <line x1="64" y1="64" x2="${n(h.to[0])}" y2="${n(h.to[1])}" stroke="${hex(FOREGROUND)}" stroke-width="${n(h.width)}" stroke-linecap="round"/>`,
  )
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">',
    `  <rect width="128" height="128" rx="${n(CORNER)}" fill="${hex(BACKGROUND)}"/>`,
    `  <circle cx="64" cy="64" r="${n(ringMid)}" fill="none" stroke="${hex(FOREGROUND)}" stroke-width="${n(ringWidth)}"/>`,
    ...hands,
    `  <circle cx="${n(MARKER.at[0])}" cy="${n(MARKER.at[1])}" r="${n(MARKER.radius)}" fill="${hex(ACCENT)}"/>`,
    '</svg>',
    '',
  ].join('\n')
}

// The nav-bar icon is drawn in the current text colour so Zendesk can tint it.
const NAV_BAR_SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">',
  '  <g fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round">',
  '    <circle cx="9" cy="9" r="7"/>',
  '    <path d="M9 4.5V9h3.5"/>',
  '  </g>',
  '</svg>',
  '',
].join('\n')

writeFileSync(ASSETS + 'logo.png', png(128))
writeFileSync(ASSETS + 'logo-small.png', png(64))
writeFileSync(ASSETS + 'logo.svg', logoSvg())
writeFileSync(ASSETS + 'icon_nav_bar.svg', NAV_BAR_SVG)
console.log(`Wrote logo.png, logo-small.png, logo.svg and icon_nav_bar.svg to ${ASSETS}`)
