/**
 * Builds the SVG of one rendition from the hand-drawn sources in `assets/tray/src`.
 *
 * A source is a 32×32 SVG whose drawing sits in named groups (no nested groups inside them):
 * `shape` is the glyph's ink, `knockout` (optional) the mark cut out of it, and the OOF badge
 * adds `gap`, the area cleared around the badge. Children paint with `currentColor`, so the
 * composer decides the colours: knock-outs are painted white on coloured renditions and cut
 * out to transparency on macOS template images, which may hold black and alpha only.
 */

export interface GlyphDrawing {
  readonly shape: string;
  readonly knockout: string;
}

export interface BadgeDrawing extends GlyphDrawing {
  readonly gap: string;
}

export type Ink =
  | {
      readonly kind: 'colour';
      readonly glyph: string;
      readonly badge: string;
      readonly knockout: string;
    }
  | { readonly kind: 'template' };

const VIEWBOX = 32;

function group(svg: string, id: string, source: string): string | undefined {
  const open = new RegExp(`<g id="${id}"[^>]*>`).exec(svg);
  if (open === null) return undefined;
  const start = open.index + open[0].length;
  const end = svg.indexOf('</g>', start);
  const body = svg.slice(start, end);
  if (end < 0 || body.includes('<g')) {
    throw new Error(`${source}: group "${id}" must be closed and hold no nested <g>`);
  }
  return body.trim();
}

function requiredGroup(svg: string, id: string, source: string): string {
  const body = group(svg, id, source);
  if (body === undefined) throw new Error(`${source}: no <g id="${id}">`);
  return body;
}

export function parseGlyph(svg: string, source: string): GlyphDrawing {
  return {
    shape: requiredGroup(svg, 'shape', source),
    knockout: group(svg, 'knockout', source) ?? '',
  };
}

export function parseBadge(svg: string, source: string): BadgeDrawing {
  return { ...parseGlyph(svg, source), gap: requiredGroup(svg, 'gap', source) };
}

function painted(markup: string, colour: string): string {
  return markup === '' ? '' : `<g color="${colour}">${markup}</g>`;
}

/** A luminance mask that keeps everything except `markup`. */
function cutMask(id: string, markup: string): string {
  return (
    `<mask id="${id}" maskUnits="userSpaceOnUse" x="0" y="0" width="${VIEWBOX}" height="${VIEWBOX}">` +
    `<rect width="${VIEWBOX}" height="${VIEWBOX}" fill="#fff"/>${painted(markup, '#000')}</mask>`
  );
}

function masked(maskId: string | undefined, markup: string): string {
  return maskId === undefined ? markup : `<g mask="url(#${maskId})">${markup}</g>`;
}

interface Layer {
  readonly drawing: GlyphDrawing;
  readonly colour: string;
  readonly id: string;
}

/** The layer's ink with its knock-out painted (colour) or cut out (template); masks go in `defs`. */
function drawLayer(layer: Layer, ink: Ink, defs: string[]): string {
  const { drawing, colour, id } = layer;
  if (ink.kind === 'colour') {
    return painted(drawing.shape, colour) + painted(drawing.knockout, ink.knockout);
  }
  if (drawing.knockout === '') return painted(drawing.shape, colour);
  defs.push(cutMask(id, drawing.knockout));
  return masked(id, painted(drawing.shape, colour));
}

/**
 * The SVG for `glyph`, with `badge` in its corner when given. `glyph`'s colour comes from `ink`;
 * templates draw in black.
 */
export function composeGlyph(
  glyph: GlyphDrawing,
  badge: BadgeDrawing | undefined,
  ink: Ink,
): string {
  const defs: string[] = [];
  const glyphColour = ink.kind === 'colour' ? ink.glyph : '#000';
  let body = drawLayer({ drawing: glyph, colour: glyphColour, id: 'glyph-knockout' }, ink, defs);
  if (badge !== undefined) {
    defs.push(cutMask('badge-gap', badge.gap));
    body = masked('badge-gap', body);
    const badgeColour = ink.kind === 'colour' ? ink.badge : '#000';
    body += drawLayer({ drawing: badge, colour: badgeColour, id: 'badge-knockout' }, ink, defs);
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEWBOX} ${VIEWBOX}" ` +
    `width="${VIEWBOX}" height="${VIEWBOX}"><defs>${defs.join('')}</defs>${body}</svg>`
  );
}
