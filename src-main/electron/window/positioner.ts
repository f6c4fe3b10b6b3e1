/**
 * Where the tray window appears: next to the tray icon, on the side away from the panel that holds
 * it, always whole inside the display's work area, in integer pixels (Electron's setPosition
 * refuses fractions). Pure geometry over what Electron reports, so every platform's quirks are
 * tested here rather than discovered on a desktop:
 * - Linux panels often report tray bounds of {0,0,0,0}, and under native Wayland the cursor
 *   reads {0,0}; then the click point, the cursor, or a corner of the work area stands in.
 * - The panel's edge is not reported anywhere; it shows as the gap between the display's bounds
 *   and its work area, or as the tray icon lying outside the work area.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The screen edge along which the panel (taskbar, menu bar, top bar) that holds the tray runs. */
export type PanelEdge = 'top' | 'bottom' | 'left' | 'right';

export interface TrayWindowPlacement {
  window: { width: number; height: number };
  /** Tray.getBounds(); {0,0,0,0} where the platform cannot tell. */
  trayBounds?: Rect;
  /** Where the tray was clicked, when the click event says. */
  clickPoint?: Point;
  /** screen.getCursorScreenPoint(); {0,0} under native Wayland. */
  cursor: Point;
  /** The work area of the display that holds the tray (or the cursor). */
  workArea: Rect;
  /** The full bounds of that same display. */
  displayBounds: Rect;
  platform: NodeJS.Platform;
}

export function trayWindowPosition(input: TrayWindowPlacement): Point {
  const { window, workArea, displayBounds, platform } = input;
  const anchor = anchorOf(input);
  const edge = inferPanelEdge({ anchor, workArea, displayBounds, platform });
  const wanted =
    anchor === undefined
      ? cornerBeside(edge, window, workArea)
      : besideAnchor(edge, anchor, window, workArea);
  return {
    x: clampInto(wanted.x, window.width, workArea.x, workArea.width),
    y: clampInto(wanted.y, window.height, workArea.y, workArea.height),
  };
}

/**
 * The panel's edge, from the most telling evidence available: macOS always has its menu bar on
 * top; a tray icon outside the work area sits in the panel on that side; otherwise the side where
 * the work area leaves a gap (on Linux a top bar wins, as GNOME/Ubuntu put the indicators there
 * beside a side dock); otherwise the display edge nearest the icon; otherwise the platform's usual
 * place (Windows: bottom, elsewhere: top).
 */
export function inferPanelEdge(input: {
  anchor?: Rect | undefined;
  workArea: Rect;
  displayBounds: Rect;
  platform: NodeJS.Platform;
}): PanelEdge {
  const { anchor, workArea, displayBounds, platform } = input;
  if (platform === 'darwin') return 'top';
  if (anchor !== undefined) {
    const outside = sideOutside(centre(anchor), workArea);
    if (outside !== undefined) return outside;
  }
  const gaps = gapsAround(workArea, displayBounds);
  if (platform === 'linux' && gaps.top > 0) return 'top';
  const widest = EDGES.reduce((best, edge) => (gaps[edge] > gaps[best] ? edge : best));
  if (gaps[widest] > 0) return widest;
  if (anchor !== undefined) return nearestEdge(centre(anchor), displayBounds);
  return platform === 'win32' ? 'bottom' : 'top';
}

/** Ties are broken in this order: horizontal panels are the common case. */
const EDGES: readonly PanelEdge[] = ['top', 'bottom', 'left', 'right'];

/**
 * The point that tells which display the tray icon is on (before that display is known): the
 * icon's centre when its bounds are known, else the click, else the cursor. Integer, because
 * Electron's display lookup takes whole pixels.
 */
export function displayReferencePoint(input: {
  trayBounds?: Rect | undefined;
  clickPoint?: Point | undefined;
  cursor: Point;
}): Point {
  const { trayBounds, clickPoint, cursor } = input;
  const point =
    trayBounds !== undefined && isKnownBounds(trayBounds)
      ? centre(trayBounds)
      : clickPoint !== undefined && !(clickPoint.x === 0 && clickPoint.y === 0)
        ? clickPoint
        : cursor;
  return { x: Math.round(point.x), y: Math.round(point.y) };
}

/** The best-known position of the tray icon, as a rectangle (a point is an empty one). */
function anchorOf(input: TrayWindowPlacement): Rect | undefined {
  const { trayBounds, clickPoint, cursor, displayBounds } = input;
  if (trayBounds !== undefined && isKnownBounds(trayBounds)) return trayBounds;
  for (const point of [clickPoint, cursor]) {
    if (point !== undefined && isKnownPoint(point, displayBounds)) {
      return { x: point.x, y: point.y, width: 0, height: 0 };
    }
  }
  return undefined;
}

/** Linux reports {0,0,0,0} (or a size at the origin) when it cannot say where the icon is. */
function isKnownBounds(bounds: Rect): boolean {
  return (
    [bounds.x, bounds.y, bounds.width, bounds.height].every(Number.isFinite) &&
    bounds.width > 0 &&
    bounds.height > 0 &&
    !(bounds.x === 0 && bounds.y === 0)
  );
}

/** Wayland reads the cursor as {0,0}; a point off this display cannot be next to its tray. */
function isKnownPoint(point: Point, display: Rect): boolean {
  return (
    Number.isFinite(point.x) &&
    Number.isFinite(point.y) &&
    !(point.x === 0 && point.y === 0) &&
    point.x >= display.x &&
    point.x <= display.x + display.width &&
    point.y >= display.y &&
    point.y <= display.y + display.height
  );
}

function centre(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

function sideOutside(point: Point, area: Rect): PanelEdge | undefined {
  if (point.y < area.y) return 'top';
  if (point.y > area.y + area.height) return 'bottom';
  if (point.x < area.x) return 'left';
  if (point.x > area.x + area.width) return 'right';
  return undefined;
}

function gapsAround(workArea: Rect, display: Rect): Record<PanelEdge, number> {
  return {
    top: workArea.y - display.y,
    bottom: display.y + display.height - (workArea.y + workArea.height),
    left: workArea.x - display.x,
    right: display.x + display.width - (workArea.x + workArea.width),
  };
}

function nearestEdge(point: Point, display: Rect): PanelEdge {
  const distance: Record<PanelEdge, number> = {
    top: point.y - display.y,
    bottom: display.y + display.height - point.y,
    left: point.x - display.x,
    right: display.x + display.width - point.x,
  };
  return EDGES.reduce((best, edge) => (distance[edge] < distance[best] ? edge : best));
}

/** Centred on the icon along the panel, touching the panel (or the icon, if it is nearer). */
function besideAnchor(
  edge: PanelEdge,
  anchor: Rect,
  window: { width: number; height: number },
  area: Rect,
): Point {
  const middle = centre(anchor);
  const alongX = middle.x - window.width / 2;
  const alongY = middle.y - window.height / 2;
  switch (edge) {
    case 'top':
      return { x: alongX, y: Math.max(anchor.y + anchor.height, area.y) };
    case 'bottom':
      return { x: alongX, y: Math.min(anchor.y, area.y + area.height) - window.height };
    case 'left':
      return { x: Math.max(anchor.x + anchor.width, area.x), y: alongY };
    case 'right':
      return { x: Math.min(anchor.x, area.x + area.width) - window.width, y: alongY };
  }
}

/**
 * With no idea where the icon is, the corner where trays usually sit on that panel: the right end
 * of a horizontal panel, the bottom end of a vertical one.
 */
function cornerBeside(
  edge: PanelEdge,
  window: { width: number; height: number },
  area: Rect,
): Point {
  const right = area.x + area.width - window.width;
  const bottom = area.y + area.height - window.height;
  switch (edge) {
    case 'top':
      return { x: right, y: area.y };
    case 'bottom':
    case 'right':
      return { x: right, y: bottom };
    case 'left':
      return { x: area.x, y: bottom };
  }
}

/**
 * An integer start so that [start, start + size] lies inside [areaStart, areaStart + areaSize],
 * even when the area has fractional edges (scaled displays). A window larger than the area keeps
 * its top-left corner visible.
 */
function clampInto(start: number, size: number, areaStart: number, areaSize: number): number {
  const low = Math.ceil(areaStart);
  const high = Math.floor(areaStart + areaSize - size);
  if (high < low) return low;
  return Math.min(Math.max(Math.round(start), low), high);
}
