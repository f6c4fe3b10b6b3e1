import { describe, expect, it } from 'vitest';
import {
  displayReferencePoint,
  inferPanelEdge,
  trayWindowPosition,
  type Point,
  type Rect,
  type TrayWindowPlacement,
} from '../../../src-main/electron/window/positioner.js';

const WINDOW = { width: 360, height: 520 };
const FULL_HD: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const UNKNOWN_CURSOR: Point = { x: 0, y: 0 };
const ZERO_BOUNDS: Rect = { x: 0, y: 0, width: 0, height: 0 };

/** Windows 11 on one 1920×1080 display: a 48 px taskbar at the bottom. */
const windowsBottom = {
  workArea: { x: 0, y: 0, width: 1920, height: 1032 },
  displayBounds: FULL_HD,
  platform: 'win32',
} as const;

/** macOS: a 25 px menu bar on top, the Dock at the bottom. */
const macos = {
  workArea: { x: 0, y: 25, width: 1512, height: 870 },
  displayBounds: { x: 0, y: 0, width: 1512, height: 982 },
  platform: 'darwin',
} as const;

/** Ubuntu GNOME: a 32 px top bar with the indicators, a 64 px dock on the left. */
const ubuntu = {
  workArea: { x: 64, y: 32, width: 1856, height: 1048 },
  displayBounds: FULL_HD,
  platform: 'linux',
} as const;

/** KDE Plasma: a 44 px panel at the bottom, the tray at its right end. */
const kdeBottom = {
  workArea: { x: 0, y: 0, width: 1920, height: 1036 },
  displayBounds: FULL_HD,
  platform: 'linux',
} as const;

function place(input: Partial<TrayWindowPlacement> & Pick<TrayWindowPlacement, 'platform'>): Point {
  return trayWindowPosition({
    window: WINDOW,
    cursor: UNKNOWN_CURSOR,
    workArea: FULL_HD,
    displayBounds: FULL_HD,
    ...input,
  });
}

function isInside(point: Point, size: { width: number; height: number }, area: Rect): boolean {
  return (
    point.x >= area.x &&
    point.y >= area.y &&
    point.x + size.width <= area.x + area.width &&
    point.y + size.height <= area.y + area.height
  );
}

describe('the tray window sits next to the tray icon, away from the panel', () => {
  it('Windows, taskbar at the bottom: above the icon, centred on it', () => {
    const trayBounds = { x: 1700, y: 1040, width: 24, height: 32 };
    expect(place({ ...windowsBottom, trayBounds })).toEqual({ x: 1532, y: 512 });
  });

  it('Windows, taskbar on top: below the taskbar, centred on the icon', () => {
    const trayBounds = { x: 1600, y: 8, width: 24, height: 32 };
    const workArea = { x: 0, y: 48, width: 1920, height: 1032 };
    expect(place({ workArea, platform: 'win32', trayBounds })).toEqual({ x: 1432, y: 48 });
  });

  it('Windows, taskbar on the left: to the right of the taskbar, level with the icon', () => {
    const trayBounds = { x: 12, y: 500, width: 24, height: 24 };
    const workArea = { x: 62, y: 0, width: 1858, height: 1080 };
    expect(place({ workArea, platform: 'win32', trayBounds })).toEqual({ x: 62, y: 252 });
  });

  it('Windows, taskbar on the right: to the left of the taskbar, level with the icon', () => {
    const trayBounds = { x: 1880, y: 300, width: 24, height: 24 };
    const workArea = { x: 0, y: 0, width: 1858, height: 1080 };
    expect(place({ workArea, platform: 'win32', trayBounds })).toEqual({ x: 1498, y: 52 });
  });

  it('macOS: just below the menu bar, centred on the icon', () => {
    const trayBounds = { x: 1200, y: 0, width: 30, height: 24 };
    expect(place({ ...macos, trayBounds })).toEqual({ x: 1035, y: 25 });
  });

  it('Ubuntu: below the top bar, even with a dock on the left', () => {
    const trayBounds = { x: 1700, y: 4, width: 24, height: 24 };
    expect(place({ ...ubuntu, trayBounds })).toEqual({ x: 1532, y: 32 });
  });

  it('KDE, panel at the bottom: above the panel', () => {
    const trayBounds = { x: 1500, y: 1046, width: 22, height: 22 };
    expect(place({ ...kdeBottom, trayBounds })).toEqual({ x: 1331, y: 516 });
  });
});

describe('the window never leaves the work area', () => {
  it('a tray icon at the right end of the taskbar pulls the window back inside', () => {
    const trayBounds = { x: 1890, y: 1040, width: 24, height: 32 };
    expect(place({ ...windowsBottom, trayBounds })).toEqual({ x: 1560, y: 512 });
  });

  it('a tray icon at the left end of a top bar pushes the window right to the edge', () => {
    const trayBounds = { x: 70, y: 4, width: 24, height: 24 };
    expect(place({ ...ubuntu, trayBounds })).toEqual({ x: 64, y: 32 });
  });

  it('a tray icon at the bottom of a left taskbar keeps the window above the screen bottom', () => {
    const trayBounds = { x: 12, y: 1050, width: 24, height: 24 };
    const workArea = { x: 62, y: 0, width: 1858, height: 1080 };
    expect(place({ workArea, platform: 'win32', trayBounds })).toEqual({ x: 62, y: 560 });
  });

  it('a window larger than the work area keeps its top-left corner visible', () => {
    const trayBounds = { x: 1700, y: 1040, width: 24, height: 32 };
    const tiny = { x: 0, y: 0, width: 300, height: 400 };
    const point = place({ ...windowsBottom, workArea: tiny, trayBounds });
    expect(point).toEqual({ x: 0, y: 0 });
  });

  it.each<[string, Rect]>([
    ['tray far to the left', { x: -500, y: 1040, width: 24, height: 32 }],
    ['tray far below', { x: 900, y: 5000, width: 24, height: 32 }],
    ['tray far above', { x: 900, y: -5000, width: 24, height: 32 }],
    ['tray far to the right', { x: 9000, y: 500, width: 24, height: 32 }],
  ])('%s: the window is still whole inside the work area', (_case, trayBounds) => {
    const point = place({ ...windowsBottom, trayBounds });
    expect(isInside(point, WINDOW, windowsBottom.workArea)).toBe(true);
  });
});

describe('multi-monitor layouts with negative coordinates', () => {
  /** A second display to the left of and above the primary one, taskbar at its bottom. */
  const leftDisplay: Rect = { x: -2560, y: -360, width: 2560, height: 1440 };
  const leftWorkArea: Rect = { x: -2560, y: -360, width: 2560, height: 1392 };

  it('Windows, tray on a display left of the primary: above the icon, in that display', () => {
    const trayBounds = { x: -300, y: 1040, width: 24, height: 40 };
    const point = place({
      workArea: leftWorkArea,
      displayBounds: leftDisplay,
      platform: 'win32',
      trayBounds,
    });
    expect(point).toEqual({ x: -468, y: 512 });
  });

  it('a tray icon at the right edge of a left display does not spill onto the primary', () => {
    const trayBounds = { x: -20, y: 1040, width: 24, height: 40 };
    const point = place({
      workArea: leftWorkArea,
      displayBounds: leftDisplay,
      platform: 'win32',
      trayBounds,
    });
    expect(point).toEqual({ x: -360, y: 512 });
  });

  it('macOS, menu bar on a display above the primary: below that menu bar', () => {
    const display = { x: -200, y: -1440, width: 2560, height: 1440 };
    const workArea = { x: -200, y: -1415, width: 2560, height: 1415 };
    const trayBounds = { x: 1900, y: -1440, width: 30, height: 24 };
    expect(place({ workArea, displayBounds: display, platform: 'darwin', trayBounds })).toEqual({
      x: 1735,
      y: -1415,
    });
  });

  it('Linux without tray bounds on a left display: the top-right corner of that display', () => {
    const display = { x: -1920, y: 0, width: 1920, height: 1080 };
    const workArea = { x: -1920, y: 32, width: 1920, height: 1048 };
    const point = place({
      workArea,
      displayBounds: display,
      platform: 'linux',
      trayBounds: ZERO_BOUNDS,
    });
    expect(point).toEqual({ x: -360, y: 32 });
  });
});

describe('scaled displays report fractional bounds; positions stay whole pixels inside', () => {
  it('fractional tray bounds round to the nearest pixel', () => {
    const trayBounds = { x: 1700.4, y: 1040.8, width: 24.8, height: 32 };
    const point = place({ ...windowsBottom, trayBounds });
    expect(point).toEqual({ x: 1533, y: 512 });
  });

  it('a fractional work area never lets rounding push the window past its edge', () => {
    const workArea = { x: 0.6, y: 0, width: 1535.2, height: 823.2 };
    const displayBounds = { x: 0, y: 0, width: 1536, height: 864 };
    const trayBounds = { x: 1500.6, y: 830.4, width: 19.2, height: 25.6 };
    const point = place({ workArea, displayBounds, platform: 'win32', trayBounds });
    expect(point).toEqual({ x: 1175, y: 303 });
    expect(Number.isInteger(point.x) && Number.isInteger(point.y)).toBe(true);
    expect(isInside(point, WINDOW, workArea)).toBe(true);
  });

  it('the left edge of a fractional work area rounds inwards', () => {
    const workArea = { x: 61.4, y: 0, width: 1858.6, height: 1080 };
    const trayBounds = { x: 12, y: 600, width: 24, height: 24 };
    const point = place({ workArea, platform: 'win32', trayBounds });
    expect(point.x).toBe(62);
  });
});

describe('when the tray cannot say where it is (Linux, Wayland)', () => {
  it('zero tray bounds: the click point stands in for the icon', () => {
    const point = place({
      ...kdeBottom,
      trayBounds: ZERO_BOUNDS,
      clickPoint: { x: 1700, y: 1060 },
      cursor: { x: 5, y: 5 },
    });
    expect(point).toEqual({ x: 1520, y: 516 });
  });

  it('zero tray bounds and no click point: the cursor stands in for the icon', () => {
    const point = place({ ...ubuntu, trayBounds: ZERO_BOUNDS, cursor: { x: 1500, y: 12 } });
    expect(point).toEqual({ x: 1320, y: 32 });
  });

  it('a click point of {0,0} is as unknown as none: the cursor is used', () => {
    const point = place({
      ...ubuntu,
      trayBounds: ZERO_BOUNDS,
      clickPoint: { x: 0, y: 0 },
      cursor: { x: 1500, y: 12 },
    });
    expect(point).toEqual({ x: 1320, y: 32 });
  });

  it('Wayland, nothing known: the top-right corner of the work area on Linux', () => {
    expect(place({ ...ubuntu, trayBounds: ZERO_BOUNDS })).toEqual({ x: 1560, y: 32 });
  });

  it('tray bounds with a size but at the origin count as unknown', () => {
    const trayBounds = { x: 0, y: 0, width: 22, height: 22 };
    expect(place({ ...ubuntu, trayBounds })).toEqual({ x: 1560, y: 32 });
  });

  it('no tray bounds at all and no cursor on Windows: the bottom-right corner', () => {
    expect(place({ ...windowsBottom })).toEqual({ x: 1560, y: 512 });
  });

  it('Linux, nothing known, panel at the bottom: the bottom-right corner', () => {
    expect(place({ ...kdeBottom, trayBounds: ZERO_BOUNDS })).toEqual({ x: 1560, y: 516 });
  });

  it('Linux, nothing known, no panel gap at all: the top-right corner', () => {
    expect(place({ platform: 'linux', trayBounds: ZERO_BOUNDS })).toEqual({ x: 1560, y: 0 });
  });

  it('a cursor on another display is not taken for the tray position', () => {
    const point = place({ ...ubuntu, trayBounds: ZERO_BOUNDS, cursor: { x: 2500, y: 10 } });
    expect(point).toEqual({ x: 1560, y: 32 });
  });

  it('non-finite numbers from a broken report are ignored', () => {
    const trayBounds = { x: Number.NaN, y: 1040, width: 24, height: 32 };
    const point = place({ ...windowsBottom, trayBounds, cursor: { x: Infinity, y: 3 } });
    expect(point).toEqual({ x: 1560, y: 512 });
  });

  it('an auto-hidden taskbar leaves no gap: the icon nearest screen edge decides', () => {
    const trayBounds = { x: 1700, y: 1040, width: 24, height: 32 };
    expect(place({ platform: 'win32', trayBounds })).toEqual({ x: 1532, y: 520 });
  });
});

describe('inferPanelEdge', () => {
  it.each<[string, Parameters<typeof inferPanelEdge>[0], string]>([
    ['macOS is always top, whatever the Dock does', { ...macos, anchor: undefined }, 'top'],
    [
      'macOS with the Dock on the left is still top',
      {
        platform: 'darwin',
        workArea: { x: 80, y: 25, width: 1432, height: 957 },
        displayBounds: macos.displayBounds,
      },
      'top',
    ],
    ['Windows gap at the bottom', windowsBottom, 'bottom'],
    [
      'Windows gap on the right',
      {
        platform: 'win32',
        workArea: { x: 0, y: 0, width: 1858, height: 1080 },
        displayBounds: FULL_HD,
      },
      'right',
    ],
    [
      'Windows gap on the left',
      {
        platform: 'win32',
        workArea: { x: 62, y: 0, width: 1858, height: 1080 },
        displayBounds: FULL_HD,
      },
      'left',
    ],
    ['Linux top bar beside a wider left dock: top', ubuntu, 'top'],
    ['Linux bottom panel', kdeBottom, 'bottom'],
    [
      'Windows without any gap: bottom',
      { platform: 'win32', workArea: FULL_HD, displayBounds: FULL_HD },
      'bottom',
    ],
    [
      'Linux without any gap: top',
      { platform: 'linux', workArea: FULL_HD, displayBounds: FULL_HD },
      'top',
    ],
    [
      'an icon outside the work area wins over the gaps (Linux, panels top and bottom)',
      {
        platform: 'linux',
        workArea: { x: 0, y: 28, width: 1920, height: 1008 },
        displayBounds: FULL_HD,
        anchor: { x: 1800, y: 1050, width: 22, height: 22 },
      },
      'bottom',
    ],
    [
      'negative coordinates: gap at the bottom of a display above the primary',
      {
        platform: 'win32',
        workArea: { x: 0, y: -1080, width: 1920, height: 1032 },
        displayBounds: { x: 0, y: -1080, width: 1920, height: 1080 },
      },
      'bottom',
    ],
  ])('%s', (_case, input, edge) => {
    expect(inferPanelEdge(input)).toBe(edge);
  });
});

describe('the point that picks the display', () => {
  const cursor = { x: 2500, y: 30 };

  it('is the centre of known tray bounds, rounded', () => {
    expect(
      displayReferencePoint({ trayBounds: { x: 1801, y: 1050, width: 23, height: 24 }, cursor }),
    ).toEqual({ x: 1813, y: 1062 });
  });

  it('is the click when Linux reports no tray bounds ({0,0,0,0} or a size at the origin)', () => {
    for (const trayBounds of [
      { x: 0, y: 0, width: 0, height: 0 },
      { x: 0, y: 0, width: 22, height: 22 },
    ])
      expect(displayReferencePoint({ trayBounds, clickPoint: { x: 40.6, y: 12 }, cursor })).toEqual(
        {
          x: 41,
          y: 12,
        },
      );
  });

  it('is the cursor when neither bounds nor a real click are known (Wayland clicks read {0,0})', () => {
    expect(displayReferencePoint({ clickPoint: { x: 0, y: 0 }, cursor })).toEqual(cursor);
    expect(displayReferencePoint({ cursor })).toEqual(cursor);
  });
});
